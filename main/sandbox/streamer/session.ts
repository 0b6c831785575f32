// One streamer connection: LOGIN first (code 20 otherwise), then SUBS/ADD/UNSUBS/VIEW per LEVELONE
// service, change-only data frames (the first frame for a key is full, later ones carry only the fields
// that changed), heartbeats, and the empty-subscription stop (code 30). ACCT_ACTIVITY takes SUBS and UNSUBS
// only; its `seq` restarts at 0 (the SUBSCRIBED message) on every subscribe. Faults shape what it sends.
import type { WebSocket } from 'ws';
import type { Clock } from '../../core/ports';
import type { ActivityEvent } from '../activity';
import type { Market } from '../market';
import { ACCT_ACTIVITY, activityContent, activityPayload } from './accountActivity';
import { LEVELONE_EQUITIES, LEVELONE_SERVICES, levelOneFields, type FieldValues, type LevelOneService } from './levelOneFields';
import {
  CODE,
  MESSAGES,
  adminNotifyFrame,
  dataFrame,
  heartbeatFrame,
  parseEnvelope,
  parseFields,
  parseKeys,
  responseFrame,
  type StreamRequest,
} from './protocol';
import type { StreamCode, StreamMalformMode } from './streamFaults';

export interface SessionHost {
  clock: Clock;
  market: Market;
  customerId: string;
  correlId: string;
  symbolLimit: number;
  heartbeatMs: number;
  emptySubscriptionMs: number;
  /** The account number the SUBSCRIBED message carries. */
  activityAccount: string;
  tokenValid(token: string): boolean;
  /** A LOGIN succeeded on `session`: the host closes the user's other connection (one per user). */
  loggedIn(session: StreamerSession): void;
  closed(session: StreamerSession): void;
}

interface Subscription {
  keys: Set<string>;
  fields: number[];
}

/** Quote and trade times move with every tick; a frame carrying only them is not a change worth sending. */
const TIME_FIELDS: Record<LevelOneService, ReadonlySet<number>> = {
  LEVELONE_EQUITIES: new Set([34, 35]),
  LEVELONE_OPTIONS: new Set([38, 39]),
};

const COMMAND_FAILURE: Record<string, number> = { SUBS: CODE.FAILED_SUBS, UNSUBS: CODE.FAILED_UNSUBS, ADD: CODE.FAILED_ADD, VIEW: CODE.FAILED_VIEW };

export class StreamerSession {
  loggedIn = false;
  private readonly subs = new Map<LevelOneService, Subscription>();
  private readonly lastSent = new Map<LevelOneService, Map<string, FieldValues>>();
  /** The ACCT_ACTIVITY subscription: the client's key and the next `seq`. */
  private activity: { key: string; seq: number } | undefined;
  private heartbeatTimer: unknown;
  private emptyTimer: unknown;
  private silenced = false;
  private closing = false;
  private duplicates = 0;
  private reorders = 0;
  private held: string | undefined;
  private malformed: { count: number; mode: StreamMalformMode } | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: SessionHost,
  ) {
    ws.on('message', (data) => this.handle(String(data)));
    ws.on('ping', (data) => {
      if (!this.silenced) ws.pong(data);
    });
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  /** Keys subscribed per service (a copy), for tests and diagnostics. */
  subscriptions(): Record<LevelOneService | typeof ACCT_ACTIVITY, string[]> {
    return {
      LEVELONE_EQUITIES: [...(this.subs.get('LEVELONE_EQUITIES')?.keys ?? [])],
      LEVELONE_OPTIONS: [...(this.subs.get('LEVELONE_OPTIONS')?.keys ?? [])],
      ACCT_ACTIVITY: this.activity ? [this.activity.key] : [],
    };
  }

  // ------------------------------------------------------------------ requests

  private handle(text: string): void {
    const requests = parseEnvelope(text);
    const now = this.host.clock.now();
    if (!requests) {
      this.send(responseFrame({ service: 'ADMIN', command: 'UNKNOWN', requestid: '' }, this.host.correlId, now, CODE.BAD_COMMAND, MESSAGES.badCommand));
      return;
    }
    for (const req of requests) {
      if (this.closing) return;
      if (req.service === 'ADMIN' && req.command === 'LOGIN') this.login(req);
      else if (!this.loggedIn) this.respond(req, CODE.CONNECTION_NOT_FOUND, MESSAGES.connectionNotFound);
      else if (req.service === 'ADMIN' && req.command === 'LOGOUT') {
        this.respond(req, CODE.OK, 'LOGOUT command succeeded');
        this.close();
      } else if ((LEVELONE_SERVICES as readonly string[]).includes(req.service)) this.levelOne(req.service as LevelOneService, req);
      else if (req.service === ACCT_ACTIVITY) this.accountActivity(req);
      else this.respond(req, CODE.BAD_COMMAND, `${MESSAGES.badCommand}: unknown service ${req.service.slice(0, 40)}`);
    }
  }

  private respond(req: StreamRequest, code: number, msg: string): void {
    this.send(responseFrame(req, this.host.correlId, this.host.clock.now(), code, msg));
  }

  private login(req: StreamRequest): void {
    const token = req.parameters.Authorization;
    const ok =
      req.customerId === this.host.customerId &&
      req.correlId === this.host.correlId &&
      typeof token === 'string' &&
      this.host.tokenValid(token);
    if (!ok) {
      this.respond(req, CODE.LOGIN_DENIED, MESSAGES.loginDenied);
      this.close();
      return;
    }
    this.loggedIn = true;
    this.respond(req, CODE.OK, 'server=sandbox-1;status=NP');
    this.host.loggedIn(this);
    this.scheduleHeartbeat();
    this.armEmptyTimer();
  }

  private levelOne(service: LevelOneService, req: StreamRequest): void {
    const current = this.subs.get(service) ?? { keys: new Set<string>(), fields: [0] };
    const keys = parseKeys(req.parameters.keys);
    const fields = parseFields(req.parameters.fields);
    if (req.parameters.fields !== undefined && fields === undefined) {
      this.respond(req, COMMAND_FAILURE[req.command] ?? CODE.BAD_COMMAND, `${req.command} command failed: bad fields`);
      return;
    }
    let next: Subscription;
    let fresh: string[] = [];
    switch (req.command) {
      case 'SUBS':
        next = { keys: new Set(keys), fields: fields ?? current.fields };
        fresh = keys;
        this.lastSent.delete(service);
        break;
      case 'ADD':
        next = { keys: new Set([...current.keys, ...keys]), fields: fields ?? current.fields };
        fresh = keys.filter((k) => !current.keys.has(k));
        break;
      case 'UNSUBS':
        next = { keys: new Set(req.parameters.keys === undefined ? [] : [...current.keys].filter((k) => !keys.includes(k))), fields: current.fields };
        for (const k of keys) this.lastSent.get(service)?.delete(k);
        if (req.parameters.keys === undefined) this.lastSent.delete(service);
        break;
      case 'VIEW':
        if (!fields) {
          this.respond(req, CODE.FAILED_VIEW, 'VIEW command failed: no fields');
          return;
        }
        next = { keys: current.keys, fields };
        // New fields: the next frame for every key is full again.
        this.lastSent.delete(service);
        fresh = [...current.keys];
        break;
      default:
        this.respond(req, CODE.BAD_COMMAND, `${MESSAGES.badCommand}: unknown command ${req.command.slice(0, 20)}`);
        return;
    }
    if (next.keys.size > this.host.symbolLimit) {
      this.respond(req, CODE.SYMBOL_LIMIT, `Symbol limit reached (${service}=${this.host.symbolLimit})`);
      return;
    }
    this.subs.set(service, next);
    this.respond(req, CODE.OK, `${req.command} command succeeded`);
    this.armEmptyTimer();
    if (fresh.length > 0) this.publishService(service, new Set(fresh));
  }

  private accountActivity(req: StreamRequest): void {
    switch (req.command) {
      case 'SUBS': {
        // Any client string is a key (not upper-cased like symbols); the first one is used.
        const raw = typeof req.parameters.keys === 'string' ? req.parameters.keys : '';
        const key = raw.split(',')[0]?.trim() ?? '';
        if (!key) {
          this.respond(req, CODE.FAILED_SUBS, 'SUBS command failed: no key');
          return;
        }
        this.activity = { key, seq: 0 };
        this.respond(req, CODE.OK, 'SUBS command succeeded');
        this.armEmptyTimer();
        this.sendActivity(this.host.activityAccount, 'SUBSCRIBED', undefined);
        return;
      }
      case 'UNSUBS':
        this.activity = undefined;
        this.respond(req, CODE.OK, 'UNSUBS command succeeded');
        this.armEmptyTimer();
        return;
      case 'ADD':
      case 'VIEW':
        this.respond(req, COMMAND_FAILURE[req.command]!, `${req.command} command failed: ${ACCT_ACTIVITY} takes SUBS and UNSUBS only`);
        return;
      default:
        this.respond(req, CODE.BAD_COMMAND, `${MESSAGES.badCommand}: unknown command ${req.command.slice(0, 20)}`);
    }
  }

  /** An order event of the sandbox's accounts, for a connection subscribed to ACCT_ACTIVITY. */
  publishActivity(e: ActivityEvent): void {
    if (!this.loggedIn || !this.activity) return;
    this.sendActivity(e.accountNumber, e.type, activityPayload(e));
  }

  private sendActivity(accountNumber: string, messageType: string, payload: Record<string, unknown> | undefined): void {
    const sub = this.activity;
    if (!sub) return;
    const content = activityContent(sub.key, sub.seq++, accountNumber, messageType, payload);
    this.send(dataFrame(ACCT_ACTIVITY, 'SUBS', this.host.clock.now(), [content]));
  }

  // ------------------------------------------------------------------ data

  /** Sends what changed since the last frame, for every subscribed key. */
  publish(): void {
    if (!this.loggedIn) return;
    for (const service of LEVELONE_SERVICES) this.publishService(service);
  }

  private publishService(service: LevelOneService, only?: ReadonlySet<string>): void {
    const sub = this.subs.get(service);
    if (!sub || sub.keys.size === 0) return;
    const now = this.host.clock.now();
    let sent = this.lastSent.get(service);
    if (!sent) this.lastSent.set(service, (sent = new Map()));
    const content: Array<Record<string, unknown>> = [];
    for (const key of only ?? sub.keys) {
      const values = levelOneFields(service, this.host.market, key, now);
      if (!values) continue;
      const before = sent.get(key);
      const entry: Record<string, unknown> = { key, delayed: false };
      let changed = false;
      for (const f of sub.fields) {
        if (f === 0 || !values.has(f)) continue;
        const v = values.get(f)!;
        if (before?.get(f) === v) continue;
        entry[String(f)] = v;
        if (!TIME_FIELDS[service].has(f)) changed = true;
      }
      if (!before) {
        const listed = this.host.market.listed(key);
        Object.assign(entry, {
          assetMainType: service === LEVELONE_EQUITIES ? 'EQUITY' : 'OPTION',
          ...(listed ? { assetSubType: listed.kind === 'ETF' ? 'ETF' : 'COE', cusip: listed.cusip } : {}),
        });
        changed = true;
      }
      if (!changed) continue;
      sent.set(key, values);
      content.push(entry);
    }
    if (content.length > 0) this.sendData(dataFrame(service, 'SUBS', now, content));
  }

  private sendData(frame: string): void {
    if (this.malformed && this.malformed.count > 0) {
      this.malformed.count -= 1;
      this.send(this.brokenFrame(this.malformed.mode));
    }
    const copies = this.duplicates > 0 ? (this.duplicates--, 2) : 1;
    if (this.reorders > 0) {
      if (this.held === undefined) {
        this.held = frame;
        return;
      }
      const older = this.held;
      this.held = undefined;
      this.reorders -= 1;
      for (let i = 0; i < copies; i++) this.send(frame);
      this.send(older);
      return;
    }
    for (let i = 0; i < copies; i++) this.send(frame);
  }

  private brokenFrame(mode: StreamMalformMode): string {
    const now = this.host.clock.now();
    const key = [...(this.subs.get(LEVELONE_EQUITIES)?.keys ?? [])][0] ?? 'AAPL';
    switch (mode) {
      case 'json':
        return '{"data":[{"service":"LEVELONE_EQUITIES","timestamp":';
      case 'price':
        return dataFrame(LEVELONE_EQUITIES, 'SUBS', now, [{ key, delayed: false, '1': 0, '2': 'NaN', '33': 0 }]);
      case 'key':
        return dataFrame(LEVELONE_EQUITIES, 'SUBS', now, [{ key: 'NOTSUBSCRIBED', delayed: false, '1': 1.23, '33': 1.24 }]);
    }
  }

  // ------------------------------------------------------------------ timers, faults, closing

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.host.clock.setTimeout(() => {
      if (this.closing) return;
      this.send(heartbeatFrame(this.host.clock.now()));
      this.scheduleHeartbeat();
    }, this.host.heartbeatMs);
  }

  private armEmptyTimer(): void {
    const empty = !this.activity && [...this.subs.values()].every((s) => s.keys.size === 0);
    if (this.emptyTimer !== undefined) this.host.clock.clearTimeout(this.emptyTimer);
    this.emptyTimer = undefined;
    if (!empty) return;
    this.emptyTimer = this.host.clock.setTimeout(() => this.sendCode(CODE.STOP_STREAMING), this.host.emptySubscriptionMs);
  }

  sendCode(code: StreamCode): void {
    const now = this.host.clock.now();
    if (code === CODE.SYMBOL_LIMIT) {
      this.send(responseFrame({ service: LEVELONE_EQUITIES, command: 'SUBS', requestid: '0' }, this.host.correlId, now, code, `Symbol limit reached (${LEVELONE_EQUITIES}=${this.host.symbolLimit})`));
      return;
    }
    const msg = code === CODE.LOGIN_DENIED ? MESSAGES.loginDenied : code === CODE.CLOSE_CONNECTION ? MESSAGES.closeConnection : MESSAGES.stopStreaming;
    this.send(adminNotifyFrame(now, code, msg));
    this.close();
  }

  silence(): void {
    this.silenced = true;
  }
  duplicateNext(count: number): void {
    this.duplicates += count;
  }
  reorderNext(count: number): void {
    this.reorders += count;
  }
  malformNext(count: number, mode: StreamMalformMode): void {
    this.malformed = { count, mode };
  }

  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(1000);
    this.dispose();
  }

  private send(text: string): void {
    if (this.silenced || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text);
  }

  private disposed = false;
  private dispose(): void {
    this.closing = true;
    if (this.heartbeatTimer !== undefined) this.host.clock.clearTimeout(this.heartbeatTimer);
    if (this.emptyTimer !== undefined) this.host.clock.clearTimeout(this.emptyTimer);
    this.heartbeatTimer = this.emptyTimer = undefined;
    if (this.disposed) return;
    this.disposed = true;
    this.host.closed(this);
  }
}
