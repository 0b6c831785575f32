// What the stream subscribes: the held streamable symbols first, then alert symbols not held while their
// level-one service has room under the Streamer's symbol limit (the Streamer refuses a whole command past it).
import { describe, expect, it } from 'vitest';
import { streamSymbols } from '../../../main/core/stream/streamSymbols';

const OPTION = 'AAPL  261218C00250000';
const OTHER_OPTION = 'MSFT  261218P00400000';

describe('stream symbols', () => {
  it('adds the watched symbols not held, equities and options alike, and marks them as watched only', () => {
    const chosen = streamSymbols(['AAPL', OPTION], new Set(['AAPL', OPTION, 'VFIAX']), ['MSFT', 'AAPL', OTHER_OPTION, 'VFIAX']);
    expect(chosen.all).toEqual(['AAPL', OPTION, 'MSFT', OTHER_OPTION].sort());
    expect([...chosen.watchedOnly].sort()).toEqual(['MSFT', OTHER_OPTION].sort());
    // A held fund has no stream; its alert reads the REST price in the view.
    expect(chosen.all).not.toContain('VFIAX');
    expect(chosen.leftOut).toEqual([]);
  });

  it('under the limit per service: held symbols keep their places, watched ones fill the room left and the rest are left out', () => {
    const chosen = streamSymbols(['AAPL', 'KO', OPTION], new Set(['AAPL', 'KO', OPTION]), ['MSFT', 'PEP', OTHER_OPTION], 3);
    expect(chosen.all).toEqual(['AAPL', 'KO', 'MSFT', OPTION, OTHER_OPTION].sort());
    expect(chosen.leftOut).toEqual(['PEP']);
    const full = streamSymbols(['AAPL', 'KO'], new Set(['AAPL', 'KO']), ['MSFT'], 2);
    expect(full.all).toEqual(['AAPL', 'KO']);
    expect(full.leftOut).toEqual(['MSFT']);
  });
});
