// The reconnect waits: doubling from 1 s, capped at 60 s, jittered within ±20 % and never past the cap.
import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../../main/core/stream/reconnectDelay';

describe('reconnectDelay', () => {
  it('doubles from 1 s to the 60 s cap, jittered ±20 %', () => {
    const mid = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => reconnectDelay(a, () => 0.5));
    expect(mid).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(reconnectDelay(0, () => 0)).toBe(800);
    expect(reconnectDelay(0, () => 0.999999)).toBe(1200);
    expect(reconnectDelay(3, () => 0)).toBe(6400);
    // Near the cap the jitter only shortens.
    expect(reconnectDelay(6, () => 0.999999)).toBe(60000);
    expect(reconnectDelay(6, () => 0)).toBe(48000);
  });
});
