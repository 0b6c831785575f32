// Streamer faults: what a real Schwab stream does to a client, on demand. The typed API acts at once on the
// open connections; the `--faults` items (stream-…) that name a delay act that many seconds after the first
// successful LOGIN, so they can be set before any app connects.
export type StreamCode = 3 | 12 | 19 | 30;
export const STREAM_CODES: readonly StreamCode[] = [3, 12, 19, 30];
export type StreamMalformMode = 'json' | 'price' | 'key';

export type StreamFault =
  | { kind: 'stream-drop'; afterSec: number }
  | { kind: 'stream-silence'; afterSec: number }
  | { kind: 'stream-code'; code: StreamCode; afterSec: number }
  | { kind: 'stream-duplicate'; count: number }
  | { kind: 'stream-reorder'; count: number }
  | { kind: 'stream-malformed'; count: number; mode: StreamMalformMode }
  | { kind: 'stream-burst'; ticksPerSecond: number; seconds: number };

export interface StreamFaults {
  /** Destroys every open streamer socket without a closing handshake. */
  dropConnections(): void;
  /** Half-open: the open sockets stay up but nothing more is sent on them (no data, heartbeats or pongs). */
  silence(): void;
  /** Sends the code as Schwab does: 3, 12 and 30 as ADMIN notifications that close the socket; 19 as a failed SUBS. */
  sendCode(code: StreamCode): void;
  /** The next `count` data frames (per connection) are sent twice. */
  duplicateNext(count: number): void;
  /** The next `count` data frames (per connection) are each held back and sent after the one that follows. */
  reorderNext(count: number): void;
  /** Before each of the next `count` data frames, one broken frame: invalid JSON, a price of 0, or a key not subscribed. */
  malformNext(count: number, mode: StreamMalformMode): void;
  /** Moves the market `ticksPerSecond` times a second (on the sandbox clock) for `seconds`. */
  burst(ticksPerSecond: number, seconds: number): void;
  apply(fault: StreamFault): void;
}

/**
 * One `--faults` item that starts with `stream-`, or undefined for any other item:
 *   stream-drop[:AFTER_S]  stream-silence[:AFTER_S]  stream-code:3|12|19|30[:AFTER_S]
 *   stream-duplicate:N  stream-reorder:N  stream-malformed:N:json|price|key  stream-burst:TPS:SECONDS
 */
export function parseStreamFault(raw: string, name: string, args: string[]): StreamFault | undefined {
  if (!name.startsWith('stream-')) return undefined;
  const int = (i: number, what: string, min: number): number => {
    const v = args[i];
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new Error(`fault "${raw}": ${what} must be an integer ≥ ${min}`);
    return Number(v);
  };
  const arity = (min: number, max: number): void => {
    if (args.length < min || args.length > max) throw new Error(`fault "${raw}": expected ${min}–${max} arguments`);
  };
  const after = (i: number): number => (args[i] === undefined ? 0 : int(i, 'delay (seconds)', 0));
  switch (name) {
    case 'stream-drop':
    case 'stream-silence':
      arity(0, 1);
      return { kind: name, afterSec: after(0) };
    case 'stream-code': {
      arity(1, 2);
      const code = int(0, 'code', 0);
      if (!(STREAM_CODES as readonly number[]).includes(code)) throw new Error(`fault "${raw}": code must be one of ${STREAM_CODES.join(', ')}`);
      return { kind: 'stream-code', code: code as StreamCode, afterSec: after(1) };
    }
    case 'stream-duplicate':
    case 'stream-reorder':
      arity(1, 1);
      return { kind: name, count: int(0, 'count', 1) };
    case 'stream-malformed': {
      arity(2, 2);
      const mode = args[1];
      if (mode !== 'json' && mode !== 'price' && mode !== 'key') throw new Error(`fault "${raw}": mode must be json, price or key`);
      return { kind: 'stream-malformed', count: int(0, 'count', 1), mode };
    }
    case 'stream-burst':
      arity(2, 2);
      return { kind: 'stream-burst', ticksPerSecond: int(0, 'ticks per second', 1), seconds: int(1, 'seconds', 1) };
    default:
      throw new Error(
        `unknown fault "${name}" (stream-drop, stream-silence, stream-code, stream-duplicate, stream-reorder, stream-malformed, stream-burst)`,
      );
  }
}
