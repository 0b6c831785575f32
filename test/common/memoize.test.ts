// The kept results of a pure one-argument function: computed once per argument, never more than `kept` held.
import { describe, expect, it } from 'vitest';
import { memoize } from '../../common/memoize';

describe('memoize', () => {
  it('computes each argument once, null and undefined results included', () => {
    const calls: string[] = [];
    const f = memoize((s: string) => {
      calls.push(s);
      return s === 'none' ? null : s === 'nothing' ? undefined : s.length;
    });
    expect([f('abc'), f('abc'), f('none'), f('none'), f('nothing'), f('nothing')]).toEqual([3, 3, null, null, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none', 'nothing']);
  });

  it('starts over past the number of arguments it keeps, so it does not grow with its input', () => {
    const calls: number[] = [];
    const f = memoize((n: number) => {
      calls.push(n);
      return n * 2;
    }, 3);
    for (const n of [1, 2, 3]) f(n);
    f(1);
    expect(calls).toEqual([1, 2, 3]);
    f(4); // a fourth argument: the three kept are dropped
    f(1);
    expect(calls).toEqual([1, 2, 3, 4, 1]);
    expect(f(4)).toBe(8);
    expect(calls).toEqual([1, 2, 3, 4, 1]);
  });
});
