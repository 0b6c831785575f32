// The sandbox's Schwab Streamer: a WebSocket endpoint on the sandbox's own 127.0.0.1 HTTP server (an
// `upgrade` handler on the same port). One connection per user: a second LOGIN for the same customer makes
// the first connection get code 12 and close. Data frames follow the same price walk as the REST routes.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../../core/ports';
import type { ActivityEvent } from '../activity';
import type { Market } from '../market';
import { CODE } from './protocol';
import { StreamerSession, type SessionHost } from './session';
import type { StreamCode, StreamFault, StreamFaults, StreamMalformMode } from './streamFaults';

export const STREAMER_PATH = '/ws';

export interface StreamerOptions {
  clock: Clock;
  market: Market;
  customerId: string;
  correlId: string;
  /** The account number ACCT_ACTIVITY's SUBSCRIBED message carries. */
  activityAccount: string;
  tokenValid(token: string): boolean;
  /** Moves the market one step and publishes it (the burst fault drives it). */
  tick(): void;
  /** Keys per service (default 500). */
  symbolLimit?: number;
  /** Heartbeat interval (default 10 s). */
  heartbeatMs?: number;
  /** A logged-in connection with no subscriptions is stopped (code 30) after this long (default 30 s). */
  emptySubscriptionMs?: number;
}

type FrameFault = Extract<StreamFault, { kind: 'stream-duplicate' | 'stream-reorder' | 'stream-malformed' }>;
type TimedFault = Extract<StreamFault, { afterSec: number }>;

export class SandboxStreamer implements StreamFaults {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 256 * 1024 });
  private readonly sessions = new Set<StreamerSession>();
  private readonly host: SessionHost;
  private logins = 0;
  private loginWaiters: Array<{ n: number; resolve: () => void }> = [];
  private delayed: TimedFault[] = [];
  private pendingFrameFaults: FrameFault[] = [];
  private timers = new Set<unknown>();

  constructor(private readonly opts: StreamerOptions) {
    this.host = {
      clock: opts.clock,
      market: opts.market,
      customerId: opts.customerId,
      correlId: opts.correlId,
      activityAccount: opts.activityAccount,
      symbolLimit: opts.symbolLimit ?? 500,
      heartbeatMs: opts.heartbeatMs ?? 10_000,
      emptySubscriptionMs: opts.emptySubscriptionMs ?? 30_000,
      tokenValid: (t) => opts.tokenValid(t),
      loggedIn: (s) => this.onLogin(s),
      closed: (s) => this.sessions.delete(s),
    };
  }

  /** Serves ws://127.0.0.1:<port>/ws on the sandbox's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== STREAMER_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        this.sessions.add(new StreamerSession(ws, this.host));
      });
    });
  }

  /** After the market moved: every logged-in connection gets what changed. */
  publish(): void {
    for (const s of this.sessions) s.publish();
  }

  /** An order event: every connection subscribed to ACCT_ACTIVITY hears it. */
  accountActivity(e: ActivityEvent): void {
    for (const s of this.sessions) s.publishActivity(e);
  }

  /** Successful LOGINs so far. */
  loginCount(): number {
    return this.logins;
  }
  /** Resolves once `n` LOGINs have succeeded (tests await this instead of sleeping). */
  loginsReached(n: number): Promise<void> {
    if (this.logins >= n) return Promise.resolve();
    return new Promise((resolve) => this.loginWaiters.push({ n, resolve }));
  }
  /** Logged-in connections with their subscribed keys. */
  connections(): Array<ReturnType<StreamerSession['subscriptions']>> {
    return [...this.sessions].filter((s) => s.loggedIn).map((s) => s.subscriptions());
  }

  private onLogin(session: StreamerSession): void {
    for (const other of this.sessions) {
      if (other !== session && other.loggedIn) other.sendCode(CODE.CLOSE_CONNECTION);
    }
    this.logins += 1;
    this.loginWaiters = this.loginWaiters.filter((w) => (this.logins >= w.n ? (w.resolve(), false) : true));
    for (const f of this.pendingFrameFaults.splice(0)) this.applyFrameFault(f, [session]);
    if (this.logins === 1) {
      for (const f of this.delayed.splice(0)) this.later(f.afterSec, () => this.apply({ ...f, afterSec: 0 }));
    }
  }

  private live(): StreamerSession[] {
    return [...this.sessions].filter((s) => s.loggedIn);
  }

  private later(sec: number, fn: () => void): void {
    const t = this.opts.clock.setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, sec * 1000);
    this.timers.add(t);
  }

  // ------------------------------------------------------------------ faults (StreamFaults)

  dropConnections(): void {
    for (const s of [...this.sessions]) s.terminate();
  }
  silence(): void {
    for (const s of this.sessions) s.silence();
  }
  sendCode(code: StreamCode): void {
    for (const s of this.live()) s.sendCode(code);
  }
  duplicateNext(count: number): void {
    this.apply({ kind: 'stream-duplicate', count });
  }
  reorderNext(count: number): void {
    this.apply({ kind: 'stream-reorder', count });
  }
  malformNext(count: number, mode: StreamMalformMode): void {
    this.apply({ kind: 'stream-malformed', count, mode });
  }
  burst(ticksPerSecond: number, seconds: number): void {
    const every = 1000 / ticksPerSecond;
    let left = ticksPerSecond * seconds;
    const step = (): void => {
      if (left-- <= 0) return;
      this.opts.tick();
      this.later(every / 1000, step);
    };
    this.later(every / 1000, step);
  }

  apply(fault: StreamFault): void {
    switch (fault.kind) {
      case 'stream-drop':
      case 'stream-silence':
      case 'stream-code':
        if (fault.afterSec > 0 || this.logins === 0) {
          if (this.logins === 0) this.delayed.push(fault);
          else this.later(fault.afterSec, () => this.apply({ ...fault, afterSec: 0 }));
          return;
        }
        if (fault.kind === 'stream-drop') this.dropConnections();
        else if (fault.kind === 'stream-silence') this.silence();
        else this.sendCode(fault.code);
        return;
      case 'stream-burst':
        this.burst(fault.ticksPerSecond, fault.seconds);
        return;
      default: {
        const live = this.live();
        if (live.length === 0) this.pendingFrameFaults.push(fault);
        else this.applyFrameFault(fault, live);
      }
    }
  }

  private applyFrameFault(fault: FrameFault, sessions: StreamerSession[]): void {
    for (const s of sessions) {
      if (fault.kind === 'stream-duplicate') s.duplicateNext(fault.count);
      else if (fault.kind === 'stream-reorder') s.reorderNext(fault.count);
      else s.malformNext(fault.count, fault.mode);
    }
  }

  close(): void {
    for (const t of this.timers) this.opts.clock.clearTimeout(t);
    this.timers.clear();
    for (const s of [...this.sessions]) s.terminate();
    this.wss.close();
  }
}
