// Fault injection: the failures a real Schwab connection produces, on demand. Rules are consumed by the
// requests they match (optionally only under a path prefix); token faults act on the OAuth state at once.
// The same faults can be given as text to `npm run sandbox --faults <spec>` (parseFaultSpec).
import { parseStreamFault, type StreamFault, type StreamFaults } from './streamer/streamFaults';

export type FailStatus = 429 | 500 | 502 | 503;
export type MalformMode = 'invalid-json' | 'missing-field';

export interface FailRule {
  kind: 'fail';
  count: number;
  status: FailStatus;
  /** Sent as `Retry-After` (seconds); only meaningful for 429/503. */
  retryAfterSec?: number;
  pathPrefix?: string;
}
export interface LatencyRule {
  kind: 'latency';
  ms: number;
  /** Requests to delay; undefined = every matching request until cleared. */
  count?: number;
  pathPrefix?: string;
}
export interface MalformRule {
  kind: 'malformed';
  count: number;
  mode: MalformMode;
  pathPrefix?: string;
}
export interface DropRule {
  kind: 'drop';
  count: number;
  pathPrefix?: string;
}
export type FaultRule = FailRule | LatencyRule | MalformRule | DropRule;
export type TokenFault = { kind: 'expire-access' } | { kind: 'expire-refresh' } | { kind: 'revoke-refresh' };
export type FaultAction = FaultRule | TokenFault | StreamFault;

export interface TokenFaultTarget {
  expireAccessTokens(): void;
  expireRefreshTokens(): void;
  revokeRefreshTokens(): void;
}

/** What the server should do to one request. */
export interface RequestFaults {
  latencyMs: number;
  drop: boolean;
  fail?: { status: FailStatus; retryAfterSec?: number };
  malform?: MalformMode;
}

export interface SandboxFaults {
  /** Every access token issued so far stops working now (401 on next use). */
  expireAccessTokens(): void;
  /** Every refresh token reaches its 7-day deadline now (400 unsupported_token_type on refresh). */
  expireRefreshTokens(): void;
  /** Every refresh token is revoked, as after a password reset. */
  revokeRefreshTokens(): void;
  /** The next `count` matching requests get `status` (with Retry-After when given). */
  failNext(count: number, status: FailStatus, opts?: { retryAfterSec?: number; pathPrefix?: string }): void;
  /** Delay matching requests by `ms` (every one until cleared, or the next `count`). */
  addLatency(ms: number, opts?: { count?: number; pathPrefix?: string }): void;
  /** The next `count` matching successful JSON responses are broken: invalid JSON or a required field removed. */
  malformNext(count: number, mode: MalformMode, opts?: { pathPrefix?: string }): void;
  /** The next `count` matching requests have their connection destroyed without a response. */
  dropNext(count: number, opts?: { pathPrefix?: string }): void;
  apply(action: FaultAction): void;
  /** The Streamer's faults (dropped sockets, half-open, codes, frame faults, bursts). */
  readonly stream: StreamFaults;
  /** Rules not yet used up. */
  pending(): FaultRule[];
  clear(): void;
}

export class FaultInjector implements SandboxFaults {
  private rules: FaultRule[] = [];

  constructor(
    private readonly tokens: TokenFaultTarget,
    readonly stream: StreamFaults,
  ) {}

  expireAccessTokens(): void {
    this.tokens.expireAccessTokens();
  }
  expireRefreshTokens(): void {
    this.tokens.expireRefreshTokens();
  }
  revokeRefreshTokens(): void {
    this.tokens.revokeRefreshTokens();
  }
  failNext(count: number, status: FailStatus, opts: { retryAfterSec?: number; pathPrefix?: string } = {}): void {
    this.apply({ kind: 'fail', count, status, ...opts });
  }
  addLatency(ms: number, opts: { count?: number; pathPrefix?: string } = {}): void {
    this.apply({ kind: 'latency', ms, ...opts });
  }
  malformNext(count: number, mode: MalformMode, opts: { pathPrefix?: string } = {}): void {
    this.apply({ kind: 'malformed', count, mode, ...opts });
  }
  dropNext(count: number, opts: { pathPrefix?: string } = {}): void {
    this.apply({ kind: 'drop', count, ...opts });
  }

  apply(action: FaultAction): void {
    switch (action.kind) {
      case 'expire-access':
        return this.expireAccessTokens();
      case 'expire-refresh':
        return this.expireRefreshTokens();
      case 'revoke-refresh':
        return this.revokeRefreshTokens();
      case 'stream-drop':
      case 'stream-silence':
      case 'stream-code':
      case 'stream-duplicate':
      case 'stream-reorder':
      case 'stream-malformed':
      case 'stream-burst':
        return this.stream.apply(action);
      default:
        if ('count' in action && action.count !== undefined && (!Number.isInteger(action.count) || action.count < 1)) {
          throw new RangeError(`fault count must be a positive integer, got ${action.count}`);
        }
        this.rules.push({ ...action });
    }
  }

  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Decides (and consumes) the faults for one request to `path`. */
  take(path: string): RequestFaults {
    const out: RequestFaults = { latencyMs: 0, drop: false };
    const matches = (r: FaultRule): boolean => r.pathPrefix === undefined || path.startsWith(r.pathPrefix);
    for (const r of this.rules) {
      if (r.kind === 'latency' && matches(r)) {
        out.latencyMs += r.ms;
        if (r.count !== undefined) r.count -= 1;
      }
    }
    const drop = this.rules.find((r) => r.kind === 'drop' && matches(r));
    if (drop) {
      drop.count! -= 1;
      out.drop = true;
    } else {
      const fail = this.rules.find((r): r is FailRule => r.kind === 'fail' && matches(r));
      if (fail) {
        fail.count -= 1;
        out.fail = { status: fail.status, ...(fail.retryAfterSec !== undefined ? { retryAfterSec: fail.retryAfterSec } : {}) };
      }
    }
    this.prune();
    return out;
  }

  /** Consumes a malform rule for a successful JSON response to `path`, if one applies. */
  takeMalform(path: string): MalformMode | undefined {
    const rule = this.rules.find(
      (r): r is MalformRule => r.kind === 'malformed' && (r.pathPrefix === undefined || path.startsWith(r.pathPrefix)),
    );
    if (!rule) return undefined;
    rule.count -= 1;
    this.prune();
    return rule.mode;
  }

  private prune(): void {
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
  }
}

const FAIL_STATUSES: readonly number[] = [429, 500, 502, 503];

/**
 * Parses the `--faults` text: comma-separated items, each `name[:arg…][@/path/prefix]`:
 *   fail:N:STATUS[:RETRY_AFTER_SEC]   e.g. fail:3:503, fail:2:429:5@/trader
 *   latency:MS[:N]                    e.g. latency:800, latency:3000:1@/marketdata
 *   malformed:N:json|field            invalid JSON, or valid JSON missing a required field
 *   drop:N                            destroy the connection without answering
 *   expire-access | expire-refresh | revoke-refresh
 *   stream-… (the Streamer's faults, see parseStreamFault)
 */
export function parseFaultSpec(spec: string): FaultAction[] {
  const actions: FaultAction[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = raw.indexOf('@');
    const body = at >= 0 ? raw.slice(0, at) : raw;
    const pathPrefix = at >= 0 ? raw.slice(at + 1) : undefined;
    if (pathPrefix !== undefined && !pathPrefix.startsWith('/')) throw new Error(`fault "${raw}": path prefix must start with /`);
    const prefix = pathPrefix !== undefined ? { pathPrefix } : {};
    const [name, ...args] = body.split(':');
    const streamFault = parseStreamFault(raw, name ?? '', args);
    if (streamFault) {
      if (pathPrefix !== undefined) throw new Error(`fault "${raw}": stream faults take no path prefix`);
      actions.push(streamFault);
      continue;
    }
    const int = (i: number, what: string, min = 1): number => {
      const v = args[i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new Error(`fault "${raw}": ${what} must be an integer ≥ ${min}`);
      return Number(v);
    };
    const arity = (min: number, max: number): void => {
      if (args.length < min || args.length > max) throw new Error(`fault "${raw}": expected ${min}–${max} arguments`);
    };
    switch (name) {
      case 'fail': {
        arity(2, 3);
        const status = int(1, 'status');
        if (!FAIL_STATUSES.includes(status)) throw new Error(`fault "${raw}": status must be one of ${FAIL_STATUSES.join(', ')}`);
        actions.push({
          kind: 'fail',
          count: int(0, 'count'),
          status: status as FailStatus,
          ...(args[2] !== undefined ? { retryAfterSec: int(2, 'retry-after', 0) } : {}),
          ...prefix,
        });
        break;
      }
      case 'latency':
        arity(1, 2);
        actions.push({ kind: 'latency', ms: int(0, 'latency', 0), ...(args[1] !== undefined ? { count: int(1, 'count') } : {}), ...prefix });
        break;
      case 'malformed': {
        arity(2, 2);
        const mode = args[1] === 'json' ? 'invalid-json' : args[1] === 'field' ? 'missing-field' : undefined;
        if (!mode) throw new Error(`fault "${raw}": mode must be json or field`);
        actions.push({ kind: 'malformed', count: int(0, 'count'), mode, ...prefix });
        break;
      }
      case 'drop':
        arity(1, 1);
        actions.push({ kind: 'drop', count: int(0, 'count'), ...prefix });
        break;
      case 'expire-access':
      case 'expire-refresh':
      case 'revoke-refresh':
        arity(0, 0);
        if (pathPrefix !== undefined) throw new Error(`fault "${raw}": token faults take no path prefix`);
        actions.push({ kind: name });
        break;
      default:
        throw new Error(`unknown fault "${name}" (fail, latency, malformed, drop, expire-access, expire-refresh, revoke-refresh, stream-…)`);
    }
  }
  return actions;
}
