// The client under test against a real sandbox: one FakeClock for both, a real sign-in, streamerInfo from
// the real userPreference route, and a logger that keeps what it was told.
import type { AccessTokenSource, Logger } from '../../../main/core/ports';
import type { QuoteUpdate, StreamerInfo, StreamStatus } from '../../../main/core/stream/quoteStream';
import { WsQuoteStream, type WsQuoteStreamOptions } from '../../../main/core/stream/wsQuoteStream';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox/index';
import { FakeClock, settle } from '../../support/fakeClock';
import { login } from '../../sandbox/schwabHttp';
import { streamerInfo } from '../../sandbox/streamerClient';

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const make = (): Logger => ({
    debug: (msg, fields) => lines.push({ level: 'debug', msg, fields }),
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
    child: () => make(),
  });
  return make();
}

/** A token source over the sandbox's tokens; `refreshes` records each rejected token it was handed. */
export class SandboxTokens implements AccessTokenSource {
  readonly refreshes: string[] = [];
  constructor(
    public token: string,
    private readonly fresh: () => Promise<string>,
  ) {}
  async getAccessToken(): Promise<string> {
    return this.token;
  }
  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    this.refreshes.push(rejected);
    this.token = await this.fresh();
    return this.token;
  }
}

export interface Harness {
  sb: Sandbox;
  clock: FakeClock;
  info: StreamerInfo;
  tokens: SandboxTokens;
  stream: WsQuoteStream;
  logs: LogLine[];
  quotes: QuoteUpdate[];
  statuses: StreamStatus[];
  /** Lets real I/O run and fake timers fire until `done()`; `maxJumpMs` caps each jump of the fake clock. */
  until(done: () => boolean, maxJumpMs?: number): Promise<void>;
  /** Waits for real I/O only (the fake clock stands still). */
  settleIo(done: () => boolean): Promise<void>;
  latest(symbol: string): QuoteUpdate | undefined;
  close(): Promise<void>;
}

export async function harness(opts: { sandbox?: SandboxOptions; stream?: Partial<WsQuoteStreamOptions>; firstToken?: string } = {}): Promise<Harness> {
  const clock = new FakeClock();
  const sb = await startSandbox({ clock, autoApprove: true, ...opts.sandbox });
  const real = (await login(sb)).access_token;
  const info = await streamerInfo(sb, real);
  const tokens = new SandboxTokens(opts.firstToken ?? real, async () => (await login(sb)).access_token);
  const logs: LogLine[] = [];
  const stream = new WsQuoteStream({ streamerInfo: info, tokens, clock, logger: recordingLogger(logs), random: () => 0.5, ...opts.stream });
  const quotes: QuoteUpdate[] = [];
  const statuses: StreamStatus[] = [];
  stream.onQuote((q) => quotes.push(q));
  stream.onStatus((s) => statuses.push(s));
  return {
    sb,
    clock,
    info,
    tokens,
    stream,
    logs,
    quotes,
    statuses,
    until: (done, maxJumpMs = 1_000) => settle(clock, done, { maxJumpMs }),
    settleIo: async (done) => {
      const deadline = Date.now() + 10_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error('condition not reached over real I/O');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    latest: (symbol) => [...quotes].reverse().find((q) => q.symbol === symbol),
    close: async () => {
      stream.stop();
      await sb.close();
    },
  };
}
