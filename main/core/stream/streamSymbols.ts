// What the stream subscribes: the streamable symbols held, then the symbols alerts watch that are not held,
// as long as their service (LEVELONE_EQUITIES or LEVELONE_OPTIONS) has room under the Streamer's symbol
// limit. The held symbols come first because they move the portfolio; a watched symbol left out (the
// Streamer would refuse the whole command with code 19) is still priced by the REST refresh.
import { kindOf } from './symbols';
import type { QuoteKind } from './quoteStream';

/** Schwab's Streamer takes at most this many keys per level-one service. */
export const STREAM_SYMBOL_LIMIT = 500;

export interface StreamSymbols {
  /** Everything to subscribe, sorted. */
  all: string[];
  /** The watched symbols among them that are not held (their ticks go to the alerts, not the model). */
  watchedOnly: ReadonlySet<string>;
  /** Watched symbols left out for want of room. */
  leftOut: string[];
}

/**
 * `held` are the streamable symbols held; `heldAny` every symbol held (a held fund has no stream, and its
 * alerts read the REST price in the view); `watched` the alert symbols.
 */
export function streamSymbols(held: readonly string[], heldAny: ReadonlySet<string>, watched: readonly string[], limit = STREAM_SYMBOL_LIMIT): StreamSymbols {
  const room: Record<QuoteKind, number> = { equity: limit, option: limit };
  for (const s of held) room[kindOf(s)]--;
  const watchedOnly = new Set<string>();
  const leftOut: string[] = [];
  for (const s of watched) {
    if (heldAny.has(s) || watchedOnly.has(s)) continue;
    const kind = kindOf(s);
    if (room[kind] <= 0) {
      leftOut.push(s);
      continue;
    }
    room[kind]--;
    watchedOnly.add(s);
  }
  return { all: [...held, ...watchedOnly].sort(), watchedOnly, leftOut };
}
