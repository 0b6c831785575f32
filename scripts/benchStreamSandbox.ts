// The sandbox for `npm run bench -- stream`, in a process of its own so its CPU (the price walk, the Streamer's
// frames) does not count as Arbion's. Driven over IPC: it reports its app credentials, then on `start` moves
// one held stock per tick at the asked rate and reports each tick's time and symbol, and its request counters.
import { DEFAULT_REDIRECT_URI, startSandbox } from '../main/sandbox/index';

export type StreamSandboxRequest = { type: 'start'; ticksPerSecond: number; seconds: number } | { type: 'resetCounters' } | { type: 'counters' };
export type StreamSandboxReply =
  | { type: 'ready'; baseUrl: string; clientId: string; clientSecret: string; redirectUri: string }
  | { type: 'ticked'; ticks: Array<[epochMs: number, symbol: string]> }
  | { type: 'counters'; counters: Record<string, number> };

const send = (m: StreamSandboxReply): void => void process.send!(m);
const epochNow = (): number => performance.timeOrigin + performance.now();

const sandbox = await startSandbox({ autoApprove: true, seed: 3, accounts: 10, positionsPerAccount: 250, redirectUris: [DEFAULT_REDIRECT_URI] });
const truth = sandbox.truth();
// The held stocks and ETFs taken in turn, so one symbol recurs only every second or more.
const symbols = [...new Set(truth.accounts.flatMap((a) => a.positions.filter((p) => p.kind === 'EQUITY' || p.kind === 'ETF').map((p) => p.symbol)))];
if (symbols.length === 0) throw new Error('the bench portfolio holds no stocks or ETFs');

function run(ticksPerSecond: number, seconds: number): void {
  const ticks: Array<[number, string]> = [];
  const start = performance.now();
  const total = Math.round(ticksPerSecond * seconds);
  // Timers drift, so each wake-up issues every tick due by now (at most a couple).
  const step = (): void => {
    const due = Math.min(total, Math.floor(((performance.now() - start) * ticksPerSecond) / 1000) + 1);
    while (ticks.length < due) {
      const symbol = symbols[ticks.length % symbols.length]!;
      ticks.push([epochNow(), symbol]);
      sandbox.movePrice(symbol, ticks.length % 2 === 0 ? 3 : -2);
    }
    if (ticks.length < total) setTimeout(step, 1000 / ticksPerSecond);
    else send({ type: 'ticked', ticks });
  };
  step();
}

process.on('message', (m: StreamSandboxRequest) => {
  if (m.type === 'start') run(m.ticksPerSecond, m.seconds);
  else if (m.type === 'resetCounters') sandbox.resetCounters();
  else send({ type: 'counters', counters: sandbox.counters() });
});
process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
send({ type: 'ready', baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri: DEFAULT_REDIRECT_URI });
