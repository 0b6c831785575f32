import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, sleep } from '../../../main/core/schwab/backoff';
import { createRateLimiter } from '../../../main/core/schwab/rateLimiter';
import { FakeClock } from '../../support/fakeClock';

describe('backoff', () => {
  it('full jitter: uniform in [0, min(cap, base·2^n))', () => {
    const policy = { baseMs: 500, capMs: 30_000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(29_999);
    expect(backoffDelay(1000, policy, () => 0.5)).toBe(15_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('reads Retry-After as seconds or an HTTP date; ignores junk', () => {
    const now = Date.UTC(2025, 0, 15, 15, 0, 0);
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('sleeps on the injected clock and can be cancelled', async () => {
    const clock = new FakeClock();
    let done = false;
    const p = sleep(clock, 1000).then(() => (done = true));
    clock.advance(999);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await p;
    expect(done).toBe(true);

    const ac = new AbortController();
    const q = sleep(clock, 1000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(q).rejects.toThrow('stop');
    expect(clock.pending()).toBe(0);
  });
});

describe('rate limiter', () => {
  it('lets 120 requests through per rolling minute and queues the rest FIFO', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock, limit: 120, windowMs: 60_000 });
    const order: number[] = [];
    const all = Array.from({ length: 125 }, (_, i) => limiter.acquire().then(() => order.push(i)));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(order).toHaveLength(120);
    expect(limiter.waiting()).toBe(5);
    clock.advance(59_999);
    await new Promise((r) => setImmediate(r));
    expect(order).toHaveLength(120);
    clock.advance(1);
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 125 }, (_, i) => i));
    expect(limiter.inWindow()).toBe(5);
  });

  it('a sliding window: slots free up as old requests age out', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock, limit: 2, windowMs: 1000 });
    await limiter.acquire();
    clock.advance(600);
    await limiter.acquire();
    let third = false;
    const p = limiter.acquire().then(() => (third = true));
    clock.advance(399);
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    clock.advance(1); // the first request (t=0) leaves the window at t=1000
    await p;
    expect(third).toBe(true);
  });

  it('a waiter that gives up leaves the queue', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock, limit: 1, windowMs: 1000 });
    await limiter.acquire();
    const ac = new AbortController();
    const p = limiter.acquire(ac.signal);
    expect(limiter.waiting()).toBe(1);
    ac.abort(new Error('gone'));
    await expect(p).rejects.toThrow('gone');
    expect(limiter.waiting()).toBe(0);
  });
});
