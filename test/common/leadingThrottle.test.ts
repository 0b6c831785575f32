// The first trigger runs at once; a burst within the window runs once more at its end; quiet again, the next
// trigger runs at once.
import { describe, expect, it } from 'vitest';
import { createLeadingThrottle } from '../../common/leadingThrottle';
import { FakeClock } from '../support/fakeClock';

describe('leading throttle', () => {
  it('runs the first at once, a burst once at the end of the second, and the next after quiet at once', () => {
    const clock = new FakeClock();
    let runs = 0;
    const t = createLeadingThrottle(clock, 1_000, () => runs++);
    t.trigger();
    expect(runs).toBe(1);
    for (let i = 0; i < 60; i++) t.trigger();
    expect(runs).toBe(1);
    clock.advance(1_000);
    expect(runs).toBe(2);
    clock.advance(1_000);
    expect(runs).toBe(2);
    clock.advance(5_000);
    t.trigger();
    expect(runs).toBe(3);
    t.trigger();
    t.cancel();
    clock.advance(5_000);
    expect(runs).toBe(3);
  });
});
