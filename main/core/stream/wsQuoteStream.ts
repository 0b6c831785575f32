// The Schwab Streamer client over `ws`: LOGIN, then SUBS only after LOGIN's code 0; the symbol set split into
// LEVELONE_EQUITIES and LEVELONE_OPTIONS and re-subscribed by difference; change-only data merged per key.
// It survives what a real stream does: jittered reconnects (1 s → 60 s, reset after a healthy minute), a
// dead socket found by 60 s of silence or an unanswered ping, code 3 (fresh token, then reconnect), and
// code 12 (another app took the one connection per user: no reconnect until takeBack()). Once logged in it
// also subscribes ACCT_ACTIVITY (one key, not a symbol: outside the symbol sets, their diffing and limits) and
// emits each order event as `accountActivity`.
import WebSocket from 'ws';
import { isArbionError } from '../errors';
import type { AccessTokenSource, Clock, Logger } from '../ports';
import { ACCT_ACTIVITY, ACCT_ACTIVITY_FIELDS, maskedAccount, parseAccountActivity, type AccountActivityEvent } from './accountActivity';
import { isHeartbeat, parseFrame, type DataItem, type ResponseItem } from './frames';
import { SERVICE_OF, fieldList } from './levelOneFields';
import { QuoteCache } from './quoteCache';
import type { IgnoredInput, QuoteKind, QuoteStream, QuoteUpdate, StreamDiagnostics, StreamerInfo, StreamStatus } from './quoteStream';
import { reconnectDelay } from './reconnectDelay';
import { splitSymbols } from './symbols';

export interface WsQuoteStreamOptions {
  /** userPreference.streamerInfo[0], or a way to fetch it again before each connection. */
  streamerInfo: StreamerInfo | (() => Promise<StreamerInfo>);
  tokens: AccessTokenSource;
  clock: Clock;
  logger: Logger;
  /** Jitter source (tests pass a fixed one). */
  random?: () => number;
  /** No frame at all for this long means the socket is dead (default 60 s). */
  silenceTimeoutMs?: number;
  /** A ws ping this often; one still unanswered at the next means the socket is dead (default 20 s). */
  pingIntervalMs?: number;
  /** A connection streaming this long resets the backoff (default 60 s). */
  healthyAfterMs?: number;
}

const CODE = { OK: 0, LOGIN_DENIED: 3, CLOSE_CONNECTION: 12, SYMBOL_LIMIT: 19, FAILED_SUBS: 22, FAILED_ADD: 24, STOP_STREAMING: 30 } as const;
const KINDS: readonly QuoteKind[] = ['equity', 'option'];
const KIND_OF_SERVICE: Record<string, QuoteKind> = { LEVELONE_EQUITIES: 'equity', LEVELONE_OPTIONS: 'option' };

interface Connection {
  ws: WebSocket;
  token: string;
  info: StreamerInfo;
  loggedIn: boolean;
  /** Last Streamer frame (heartbeats included; pongs are not frames). */
  lastFrameAt: number;
  /** Set while a ping awaits its pong. */
  pingSentAt: number | undefined;
  silenceTimer: unknown;
  pingTimer: unknown;
  /** Keys requested on this connection, per kind (what ADD/UNSUBS diff against). */
  requested: Record<QuoteKind, Set<string>>;
  pending: Map<string, () => void>;
  resubscribed: Set<QuoteKind>;
  /** ACCT_ACTIVITY's SUBS was acknowledged on this connection. */
  activitySubscribed: boolean;
}

/** ws:// only to a loopback host (the sandbox); Schwab's streamer is wss://. */
function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('streamerSocketUrl is not a URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && loopback)) {
    throw new Error(`streamerSocketUrl must be wss:// (ws:// only on loopback), got ${url.protocol}//${url.host}`);
  }
  return url;
}

export class WsQuoteStream implements QuoteStream {
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly silenceTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly healthyAfterMs: number;
  private readonly cache = new QuoteCache();
  private readonly quoteListeners = new Set<(u: QuoteUpdate) => void>();
  private readonly statusListeners = new Set<(s: StreamStatus) => void>();
  private readonly activityListeners = new Set<(e: AccountActivityEvent) => void>();
  private desired: Record<QuoteKind, Set<string>> = { equity: new Set(), option: new Set() };
  private confirmed: Record<QuoteKind, Set<string>> = { equity: new Set(), option: new Set() };
  private current: StreamStatus = { state: 'stopped' };
  private conn: Connection | undefined;
  private started = false;
  private attempt = 0;
  private reconnects = 0;
  private reconnectTimer: unknown;
  private requestSeq = 0;
  private lastHeartbeatMs: number | undefined;
  private lastCode: StreamDiagnostics['lastCode'];
  private readonly ignored: Record<IgnoredInput, number> = { 'malformed-frame': 0, 'unknown-key': 0, 'bad-price': 0, 'bad-field': 0 };
  private tickSecond = 0;
  private ticksThisSecond = 0;
  private ticksLastSecond = 0;

  constructor(private readonly opts: WsQuoteStreamOptions) {
    this.log = opts.logger.child('stream');
    this.random = opts.random ?? Math.random;
    this.silenceTimeoutMs = opts.silenceTimeoutMs ?? 60_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 20_000;
    this.healthyAfterMs = opts.healthyAfterMs ?? 60_000;
  }

  // ------------------------------------------------------------------ the port

  start(symbols?: Iterable<string>): void {
    this.started = true;
    if (symbols) this.desired = splitSymbols(symbols);
    if (this.isEmpty()) this.setStatus({ state: 'idle' });
    else this.connect();
  }

  setSymbols(symbols: Iterable<string>): void {
    const next = splitSymbols(symbols);
    for (const kind of KINDS) for (const s of this.desired[kind]) if (!next[kind].has(s)) this.cache.delete(s);
    this.desired = next;
    if (!this.started) return;
    const state = this.current.state;
    if (this.isEmpty()) {
      if (state === 'taken-over' || state === 'stopped') return;
      this.disconnect();
      this.setStatus({ state: 'idle' });
      return;
    }
    if (state === 'idle') this.connect();
    else if (state === 'streaming' && this.conn) this.subscribeDifference(this.conn);
  }

  takeBack(): void {
    if (this.current.state !== 'taken-over') return;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.started = false;
    this.disconnect();
    this.setStatus({ state: 'stopped' });
  }

  status(): StreamStatus {
    return this.current;
  }

  diagnostics(): StreamDiagnostics {
    return {
      status: this.current,
      subscribed: { equities: this.confirmed.equity.size, options: this.confirmed.option.size },
      ticksPerSecond: this.ticksPerSecond(),
      lastHeartbeatMs: this.lastHeartbeatMs,
      reconnects: this.reconnects,
      lastCode: this.lastCode,
      ignored: { ...this.ignored },
    };
  }

  onQuote(listener: (update: QuoteUpdate) => void): () => void {
    this.quoteListeners.add(listener);
    return () => this.quoteListeners.delete(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onAccountActivity(listener: (event: AccountActivityEvent) => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  accountActivityLive(): boolean {
    return this.current.state === 'streaming' && this.conn?.activitySubscribed === true;
  }

  // ------------------------------------------------------------------ connecting

  private connect(): void {
    this.disconnect();
    this.setStatus({ state: 'connecting' });
    void this.open().catch((e: unknown) => this.failed(e));
  }

  private async open(): Promise<void> {
    const info = typeof this.opts.streamerInfo === 'function' ? await this.opts.streamerInfo() : this.opts.streamerInfo;
    let url: URL;
    try {
      url = checkedUrl(info.streamerSocketUrl);
    } catch (e) {
      this.log.error('stream not started', { reason: (e as Error).message });
      this.stopWith((e as Error).message);
      return;
    }
    const token = await this.opts.tokens.getAccessToken();
    if (this.current.state !== 'connecting') return;
    const ws = new WebSocket(url, { handshakeTimeout: 15_000, maxPayload: 16 * 1024 * 1024 });
    const conn: Connection = {
      ws,
      token,
      info,
      loggedIn: false,
      lastFrameAt: this.opts.clock.now(),
      pingSentAt: undefined,
      silenceTimer: undefined,
      pingTimer: undefined,
      requested: { equity: new Set(), option: new Set() },
      pending: new Map(),
      resubscribed: new Set(),
      activitySubscribed: false,
    };
    this.conn = conn;
    ws.on('open', () => {
      if (this.conn !== conn) return;
      this.setStatus({ state: 'logging-in' });
      conn.lastFrameAt = this.opts.clock.now();
      this.armSilence(conn);
      this.schedulePing(conn);
      this.send(conn, [
        this.request(conn, 'ADMIN', 'LOGIN', {
          Authorization: token,
          SchwabClientChannel: info.schwabClientChannel,
          SchwabClientFunctionId: info.schwabClientFunctionId,
        }),
      ]);
    });
    ws.on('message', (data) => {
      if (this.conn !== conn) return;
      conn.lastFrameAt = this.opts.clock.now();
      this.handleText(conn, String(data));
    });
    ws.on('pong', () => {
      if (this.conn === conn) conn.pingSentAt = undefined;
    });
    ws.on('close', (code) => {
      if (this.conn === conn) this.lost(`socket closed (${code})`);
    });
    ws.on('error', (e) => {
      if (this.conn === conn) this.lost(`socket error: ${e.message}`);
    });
  }

  /** Connecting failed before a socket existed (streamer info or token). */
  private failed(e: unknown): void {
    if (this.current.state !== 'connecting') return;
    if (isArbionError(e, 'ReauthRequired')) {
      this.stopWith('sign-in required');
      return;
    }
    this.scheduleReconnect(e instanceof Error ? e.message : String(e));
  }

  /** The socket is gone (closed, errored, or found dead). */
  private lost(reason: string): void {
    const conn = this.conn;
    const wasStreaming = this.current.state === 'streaming' ? this.current.sinceMs : undefined;
    this.disconnect();
    if (conn && wasStreaming !== undefined && this.opts.clock.now() - wasStreaming >= this.healthyAfterMs) this.attempt = 0;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    if (!this.started) return;
    const delay = reconnectDelay(this.attempt, this.random);
    this.attempt += 1;
    this.reconnects += 1;
    this.log.info('stream reconnecting', { reason, inMs: delay, attempt: this.attempt });
    this.setStatus({ state: 'reconnecting', nextAttemptAtMs: this.opts.clock.now() + delay, attempt: this.attempt, reason });
    this.reconnectTimer = this.opts.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.current.state === 'reconnecting') this.connect();
    }, delay);
  }

  private stopWith(reason: string): void {
    this.started = false;
    this.disconnect();
    this.setStatus({ state: 'stopped', reason });
  }

  private disconnect(): void {
    if (this.reconnectTimer !== undefined) this.opts.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const conn = this.conn;
    this.conn = undefined;
    this.confirmed = { equity: new Set(), option: new Set() };
    if (!conn) return;
    this.opts.clock.clearTimeout(conn.silenceTimer);
    this.opts.clock.clearTimeout(conn.pingTimer);
    conn.ws.removeAllListeners('message');
    conn.ws.on('error', () => undefined);
    conn.ws.terminate();
  }

  // ------------------------------------------------------------------ liveness

  private armSilence(conn: Connection): void {
    const due = conn.lastFrameAt + this.silenceTimeoutMs - this.opts.clock.now();
    conn.silenceTimer = this.opts.clock.setTimeout(() => {
      if (this.conn !== conn) return;
      if (this.opts.clock.now() - conn.lastFrameAt >= this.silenceTimeoutMs) this.lost(`no frame for ${this.silenceTimeoutMs / 1000} s`);
      else this.armSilence(conn);
    }, Math.max(0, due));
  }

  private schedulePing(conn: Connection): void {
    conn.pingTimer = this.opts.clock.setTimeout(() => {
      if (this.conn !== conn) return;
      if (conn.pingSentAt !== undefined) {
        this.lost('no pong');
        return;
      }
      conn.pingSentAt = this.opts.clock.now();
      try {
        conn.ws.ping();
      } catch {
        // Not open yet or already closing: the close event reports it.
      }
      this.schedulePing(conn);
    }, this.pingIntervalMs);
  }

  // ------------------------------------------------------------------ requests

  private request(conn: Connection, service: string, command: string, parameters: Record<string, string>, onOk?: () => void) {
    const requestid = String(++this.requestSeq);
    if (onOk) conn.pending.set(requestid, onOk);
    return {
      service,
      command,
      requestid,
      SchwabClientCustomerId: conn.info.schwabClientCustomerId,
      SchwabClientCorrelId: conn.info.schwabClientCorrelId,
      parameters,
    };
  }

  private send(conn: Connection, requests: object[]): void {
    if (requests.length === 0 || conn.ws.readyState !== WebSocket.OPEN) return;
    conn.ws.send(JSON.stringify({ requests }));
  }

  private subscribeAll(conn: Connection, kind: QuoteKind): object | undefined {
    const keys = [...this.desired[kind]];
    conn.requested[kind] = new Set(keys);
    if (keys.length === 0) return undefined;
    return this.request(conn, SERVICE_OF[kind], 'SUBS', { keys: keys.join(','), fields: fieldList(kind) }, () => {
      this.confirmed[kind] = new Set(keys);
    });
  }

  /** ADD what is new, UNSUBS what is gone (SUBS when nothing was requested yet). */
  private subscribeDifference(conn: Connection): void {
    const requests: object[] = [];
    for (const kind of KINDS) {
      const before = conn.requested[kind];
      const want = this.desired[kind];
      const added = [...want].filter((s) => !before.has(s));
      const removed = [...before].filter((s) => !want.has(s));
      if (before.size === 0) {
        const subs = this.subscribeAll(conn, kind);
        if (subs) requests.push(subs);
        continue;
      }
      if (removed.length > 0) {
        requests.push(
          this.request(conn, SERVICE_OF[kind], 'UNSUBS', { keys: removed.join(',') }, () => {
            for (const s of removed) this.confirmed[kind].delete(s);
          }),
        );
      }
      if (added.length > 0) {
        requests.push(
          this.request(conn, SERVICE_OF[kind], 'ADD', { keys: added.join(','), fields: fieldList(kind) }, () => {
            for (const s of added) this.confirmed[kind].add(s);
          }),
        );
      }
      conn.requested[kind] = new Set(want);
    }
    this.send(conn, requests);
  }

  // ------------------------------------------------------------------ frames

  private handleText(conn: Connection, text: string): void {
    const frame = parseFrame(text);
    if (!frame) {
      this.ignore('malformed-frame', 'a frame that is not Streamer JSON');
      return;
    }
    for (const r of frame.response ?? []) {
      this.handleCode(conn, r);
      if (this.conn !== conn) return;
    }
    for (const n of frame.notify ?? []) {
      if (isHeartbeat(n)) this.lastHeartbeatMs = this.opts.clock.now();
      else this.handleCode(conn, { service: n.service, command: 'NOTIFY', content: n.content });
      if (this.conn !== conn) return;
    }
    if (conn.loggedIn) for (const d of frame.data ?? []) this.handleData(d);
  }

  private handleCode(conn: Connection, r: Pick<ResponseItem, 'service' | 'command' | 'requestid' | 'content'>): void {
    const { code } = r.content;
    const msg = r.content.msg ?? '';
    const id = r.requestid === undefined ? undefined : String(r.requestid);
    if (code === CODE.OK) {
      const onOk = id === undefined ? undefined : conn.pending.get(id);
      if (id !== undefined) conn.pending.delete(id);
      if (r.service === 'ADMIN' && r.command === 'LOGIN') this.loggedIn(conn);
      onOk?.();
      return;
    }
    if (id !== undefined) conn.pending.delete(id);
    this.lastCode = { code, msg };
    switch (code) {
      case CODE.LOGIN_DENIED:
        this.log.warn('stream login denied: refreshing the access token', { msg });
        this.disconnect();
        this.setStatus({ state: 'connecting' });
        this.opts.tokens
          .refreshAfterUnauthorized(conn.token)
          .then(() => this.scheduleReconnectAfterDenial('login denied'))
          .catch((e: unknown) => (isArbionError(e, 'ReauthRequired') ? this.stopWith('sign-in required') : this.scheduleReconnectAfterDenial('token refresh failed')));
        return;
      case CODE.CLOSE_CONNECTION:
        this.log.warn('another app took the Schwab stream (one connection per user)', { msg });
        this.disconnect();
        this.setStatus({ state: 'taken-over' });
        return;
      case CODE.STOP_STREAMING:
        this.log.info('stream stopped by Schwab (empty subscription)', { msg });
        if (this.isEmpty()) {
          this.disconnect();
          this.setStatus({ state: 'idle' });
        } else this.lost(`code ${code}`);
        return;
      case CODE.SYMBOL_LIMIT:
        this.log.error('stream symbol limit reached: some symbols are not streaming', { service: r.service, msg });
        return;
      case CODE.FAILED_SUBS:
      case CODE.FAILED_ADD: {
        // Usually two commands raced; one full SUBS per service and connection puts it right.
        const kind = KIND_OF_SERVICE[r.service];
        this.log.warn('stream command failed', { service: r.service, command: r.command, code, msg });
        if (kind && !conn.resubscribed.has(kind)) {
          conn.resubscribed.add(kind);
          const subs = this.subscribeAll(conn, kind);
          if (subs) this.send(conn, [subs]);
        }
        return;
      }
      default:
        this.log.warn('stream request refused', { service: r.service, command: r.command, code, msg });
    }
  }

  private scheduleReconnectAfterDenial(reason: string): void {
    if (this.current.state === 'connecting' && this.conn === undefined) this.scheduleReconnect(reason);
  }

  private loggedIn(conn: Connection): void {
    conn.loggedIn = true;
    this.setStatus({ state: 'streaming', sinceMs: this.opts.clock.now() });
    const activity = this.request(conn, ACCT_ACTIVITY, 'SUBS', { keys: conn.info.schwabClientCorrelId, fields: ACCT_ACTIVITY_FIELDS }, () => {
      conn.activitySubscribed = true;
    });
    const requests = KINDS.map((k) => this.subscribeAll(conn, k)).filter((r): r is object => r !== undefined);
    this.send(conn, [activity, ...requests]);
  }

  private handleData(d: DataItem): void {
    if (d.service === ACCT_ACTIVITY) {
      this.handleActivity(d);
      return;
    }
    const kind = KIND_OF_SERVICE[d.service];
    if (!kind) return;
    for (const content of d.content) {
      const key = content.key;
      if (typeof key !== 'string' || !this.desired[kind].has(key)) {
        this.ignore('unknown-key', 'a quote for a symbol not subscribed');
        continue;
      }
      const { update, ignored } = this.cache.merge(kind, key, content, d.timestamp);
      for (const why of ignored) this.ignore(why, why === 'bad-price' ? 'a price that is not a positive number' : 'a field of the wrong type');
      if (update) this.emit(update);
    }
  }

  private handleActivity(d: DataItem): void {
    for (const content of d.content) {
      const event = parseAccountActivity(content, d.timestamp);
      if (!event) {
        this.ignore('bad-field', 'an account activity entry without a message type');
        continue;
      }
      this.log.info('account activity', { type: event.messageType, account: maskedAccount(event.accountNumber), seq: event.seq });
      for (const l of this.activityListeners) {
        try {
          l(event);
        } catch (e) {
          this.log.error('account activity listener failed', { error: e });
        }
      }
    }
  }

  private emit(update: QuoteUpdate): void {
    const second = Math.floor(this.opts.clock.now() / 1000);
    if (second !== this.tickSecond) {
      this.ticksLastSecond = second === this.tickSecond + 1 ? this.ticksThisSecond : 0;
      this.tickSecond = second;
      this.ticksThisSecond = 0;
    }
    this.ticksThisSecond += 1;
    for (const l of this.quoteListeners) {
      try {
        l(update);
      } catch (e) {
        this.log.error('quote listener failed', { error: e });
      }
    }
  }

  private ticksPerSecond(): number {
    const second = Math.floor(this.opts.clock.now() / 1000);
    if (second === this.tickSecond) return this.ticksLastSecond;
    return second === this.tickSecond + 1 ? this.ticksThisSecond : 0;
  }

  // ------------------------------------------------------------------ helpers

  private ignore(kind: IgnoredInput, what: string): void {
    if (this.ignored[kind] === 0) this.log.warn(`stream input ignored: ${what}`, { kind });
    this.ignored[kind] += 1;
  }

  private isEmpty(): boolean {
    return this.desired.equity.size === 0 && this.desired.option.size === 0;
  }

  private setStatus(status: StreamStatus): void {
    this.current = status;
    for (const l of this.statusListeners) {
      try {
        l(status);
      } catch (e) {
        this.log.error('stream status listener failed', { error: e });
      }
    }
  }
}
