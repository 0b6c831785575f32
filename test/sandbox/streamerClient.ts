// A bare Streamer client for the sandbox tests: sends envelopes as Schwab's guide writes them and records
// every frame, with awaits on the frames (events, not sleeps).
import WebSocket from 'ws';
import { UserPreferenceSchema } from '../../main/core/schwab/schemas';
import type { StreamerInfo } from '../../main/core/stream/quoteStream';
import type { Sandbox } from '../../main/sandbox/index';
import { getApi } from './schwabHttp';

export type Frame = Record<string, unknown> & {
  response?: Array<{ service: string; command: string; requestid: string; content: { code: number; msg: string } }>;
  notify?: Array<{ heartbeat?: string; service?: string; content?: { code: number; msg: string } }>;
  data?: Array<{ service: string; timestamp: number; content: Array<Record<string, unknown>> }>;
};

export async function streamerInfo(sb: Sandbox, token: string): Promise<StreamerInfo> {
  const res = await getApi(sb, '/trader/v1/userPreference', token);
  const pref = UserPreferenceSchema.parse(await res.json());
  return pref.streamerInfo![0]!;
}

export class RawStreamerClient {
  readonly frames: Frame[] = [];
  readonly texts: string[] = [];
  closed = false;
  private seq = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly ws: WebSocket,
    readonly info: StreamerInfo,
  ) {
    ws.on('message', (d) => {
      const text = String(d);
      this.texts.push(text);
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push({ unparsable: text });
      }
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(info: StreamerInfo): Promise<RawStreamerClient> {
    const ws = new WebSocket(info.streamerSocketUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawStreamerClient(ws, info);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  request(service: string, command: string, parameters: Record<string, string>, overrides: Record<string, unknown> = {}): string {
    const requestid = String(++this.seq);
    this.ws.send(
      JSON.stringify({
        requests: [
          {
            service,
            command,
            requestid,
            SchwabClientCustomerId: this.info.schwabClientCustomerId,
            SchwabClientCorrelId: this.info.schwabClientCorrelId,
            parameters,
            ...overrides,
          },
        ],
      }),
    );
    return requestid;
  }

  login(token: string, overrides: Record<string, unknown> = {}): string {
    return this.request('ADMIN', 'LOGIN', { Authorization: token, SchwabClientChannel: this.info.schwabClientChannel, SchwabClientFunctionId: this.info.schwabClientFunctionId }, overrides);
  }

  /** Resolves with the first recorded frame (from index `from`) that matches. */
  async frame(match: (f: Frame) => boolean, from = 0, realTimeoutMs = 5_000): Promise<Frame> {
    const deadline = Date.now() + realTimeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames).slice(0, 800)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  response(requestid: string): Promise<Frame> {
    return this.frame((f) => f.response?.some((r) => r.requestid === requestid) ?? false);
  }

  async code(requestid: string): Promise<number> {
    const f = await this.response(requestid);
    return f.response!.find((r) => r.requestid === requestid)!.content.code;
  }

  async untilClosed(realTimeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + realTimeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket not closed');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  dataFrames(from = 0): NonNullable<Frame['data']> {
    return this.frames.slice(from).flatMap((f) => f.data ?? []);
  }

  close(): void {
    this.ws.terminate();
  }
}
