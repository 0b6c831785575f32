// The quote stream wired into the real core: createCore with a demo backend (the real sandbox over loopback
// HTTP and WebSocket), one FakeClock for both, and a price-patch sink the test can read.
import { afterEach, describe, expect, it } from 'vitest';
import type { PortfolioPatch, PortfolioSnapshot, Settings } from '../../../common/contract';
import { expectSnapshotReconciles } from '../../support/reconcile';
import { heldStreamable, STREAMABLE, streaming, streamingCore as startStreamingCore, subscribed } from '../../support/streamingCore';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ACCOUNTS_ROUTE = 'GET /trader/v1/accounts';

const streamingCore = (settings: Partial<Settings> = {}, into: 'counting-sink' | 'model' = 'counting-sink') =>
  startStreamingCore((undo) => cleanups.push(undo), settings, into);

describe('the quote stream in the core', () => {
  it('after sign-in subscribes exactly the streamable symbols held, with one userPreference request for nicknames and stream', async () => {
    const w = await streamingCore();
    const expected = heldStreamable(w.sandbox);
    await w.until(() => {
      const s = subscribed(w.sandbox);
      return s !== undefined && s.equities.length === expected.equities.length && s.options.length === expected.options.length;
    });
    expect(subscribed(w.sandbox)).toEqual(expected);
    expect(expected.options.length).toBeGreaterThan(0);
    // Mutual funds and money-market funds are held but have no level-one stream.
    const unstreamed = w.sandbox.truth().accounts.flatMap((a) => a.positions).filter((p) => !STREAMABLE.has(p.assetType));
    expect(unstreamed.length).toBeGreaterThan(0);
    await w.until(() => streaming(w));
    expect(await w.core.handlers.getStreamState()).toMatchObject({
      state: 'streaming',
      subscribed: { equities: expected.equities.length, options: expected.options.length },
    });
    expect(w.sandbox.counters()['GET /trader/v1/userPreference']).toBe(1);
  });

  it('a REST refresh that removes or adds a position re-subscribes on the open connection', async () => {
    const w = await streamingCore();
    await w.until(() => streaming(w));
    const full = heldStreamable(w.sandbox);
    const equity = full.equities[0]!;
    const option = full.options[0]!;
    const putBackEquity = w.sandbox.setAsideHolding(equity);
    const putBackOption = w.sandbox.setAsideHolding(option);
    await w.core.handlers.refreshNow();
    await w.until(() => subscribed(w.sandbox)?.equities.length === full.equities.length - 1);
    expect(subscribed(w.sandbox)).toEqual({ equities: full.equities.filter((s) => s !== equity), options: full.options.filter((s) => s !== option) });

    putBackEquity();
    putBackOption();
    await w.core.handlers.refreshNow();
    await w.until(() => subscribed(w.sandbox)?.equities.length === full.equities.length && subscribed(w.sandbox)?.options.length === full.options.length);
    expect(subscribed(w.sandbox)).toEqual(full);
    // Re-subscribed by difference on the same connection, never by logging in again.
    expect(w.sandbox.streamerLogins()).toBe(1);
  });

  it('a dropped stream resumes the polling pace, and recovery slows the refresh to the reconcile pace again', async () => {
    const w = await streamingCore({ refreshIntervalSec: 10, reconcileIntervalSec: 45 });
    await w.until(() => streaming(w) && w.core.inProcess.pollPlan()?.reason === 'reconcile');
    expect(w.core.inProcess.pollPlan()).toMatchObject({ delayMs: 45_000, reason: 'reconcile' });
    const polls = w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0;
    // While healthy, 90 s of market brings at most the two reconciles.
    const end = w.clock.now() + 90_000;
    await w.until(() => w.clock.now() >= end);
    expect((w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0) - polls).toBeLessThanOrEqual(2);

    const seen = w.states.length;
    w.sandbox.faults.stream.dropConnections();
    await w.until(() => w.states.slice(seen).some((s) => s.state === 'reconnecting'), 100);
    expect(w.core.inProcess.pollPlan()).toMatchObject({ intervalMs: 10_000, reason: 'interval' });

    await w.until(() => streaming(w) && w.core.inProcess.pollPlan()?.reason === 'reconcile');
    expect((await w.core.handlers.getStreamState()).reconnects).toBeGreaterThanOrEqual(1);
  });

  it('code 12 moves to taken-over without a reconnect storm, polling continues, and take-back streams again', async () => {
    const w = await streamingCore();
    await w.until(() => streaming(w) && w.core.inProcess.pollPlan()?.reason === 'reconcile');
    expect(w.sandbox.streamerLogins()).toBe(1);
    w.sandbox.faults.stream.sendCode(12);
    await w.until(() => w.states.at(-1)?.state === 'taken-over', 100);
    expect(w.core.inProcess.pollPlan()).toMatchObject({ reason: 'interval' });
    const polls = w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0;
    const end = w.clock.now() + 5 * 60_000;
    await w.until(() => w.clock.now() >= end);
    expect(w.sandbox.streamerLogins()).toBe(1);
    expect((await w.core.handlers.getStreamState()).state).toBe('taken-over');
    // The REST refresh kept the numbers live meanwhile, at the polling pace.
    expect((w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0) - polls).toBeGreaterThanOrEqual(25);

    expect((await w.core.handlers.takeBackStream()).state).toBe('connecting');
    await w.until(() => streaming(w));
    expect(w.sandbox.streamerLogins()).toBe(2);
  });

  it('hands the sink price patches whose mark equals the REST quote mark at the same sandbox instant', async () => {
    const w = await streamingCore();
    await w.until(() => streaming(w));
    const equity = heldStreamable(w.sandbox).equities[0]!;
    const option = heldStreamable(w.sandbox).options[0]!;
    const countBefore = w.sink.count();
    w.sandbox.tick();
    const t = w.clock.now();
    await w.until(() => (w.sink.last(equity)?.asOfMs ?? 0) >= t && (w.sink.last(option)?.asOfMs ?? 0) >= t, 100);
    expect(w.sink.count()).toBeGreaterThan(countBefore);
    // No tick in between: the REST refresh's quotes are the same instant.
    const snapshot = await w.core.handlers.refreshNow();
    const rows = snapshot!.accounts.flatMap((a) => a.positions);
    for (const symbol of [equity, option]) {
      const patch = w.sink.last(symbol)!;
      const row = rows.find((p) => p.symbol === symbol)!;
      expect(patch.markCents).toBe(Math.round(row.mark! * 100));
      expect(patch.priceCents).toBe(patch.markCents);
      expect(patch.lastCents).toBe(Math.round(row.lastPrice! * 100));
    }
  });

  it('an option row gets its delta, theta, IV and days to expiration from the stream; a REST refresh agrees and keeps the days', async () => {
    const w = await streamingCore({}, 'model');
    await w.until(() => streaming(w));
    await w.core.handlers.refreshNow();
    const options = (): PortfolioSnapshot['accounts'][number]['positions'] =>
      w.core.inProcess.snapshotWithAccountNumbers()!.accounts.flatMap((a) => a.positions).filter((p) => p.assetType === 'OPTION');
    expect(options().length).toBeGreaterThan(0);
    w.sandbox.tick();
    // Days to expiration come from the stream only (the REST quotes carry delta, theta and IV too).
    await w.until(() => options().every((p) => typeof p.daysToExpiration === 'number'), 16);
    for (const p of options()) {
      const call = p.symbol[12] === 'C';
      // Calls have a delta in (0, 1), puts in (−1, 0); a long option loses value with time.
      expect(call ? p.delta! > 0 && p.delta! < 1 : p.delta! < 0 && p.delta! > -1, p.symbol).toBe(true);
      expect(p.theta!, p.symbol).toBeLessThan(0);
      expect(p.iv!, p.symbol).toBeGreaterThan(0);
      // Days to expiration: whole days (rounded up) to 21:00 UTC on the OCC symbol's date.
      const expiry = Date.parse(`20${p.symbol.slice(6, 8)}-${p.symbol.slice(8, 10)}-${p.symbol.slice(10, 12)}T21:00:00Z`);
      expect(p.daysToExpiration, p.symbol).toBe(Math.max(0, Math.ceil((expiry - w.clock.now()) / 86_400_000)));
    }
    const streamed = new Map(options().map((p) => [p.symbol, p]));
    const rest = (await w.core.handlers.refreshNow())!;
    for (const p of rest.accounts.flatMap((a) => a.positions).filter((x) => x.assetType === 'OPTION')) {
      const s = streamed.get(p.symbol)!;
      // The stream sends four decimals, the REST quote eight: the same figures to the stream's precision.
      expect(p.delta!, p.symbol).toBeCloseTo(s.delta!, 4);
      expect(p.theta!, p.symbol).toBeCloseTo(s.theta!, 4);
      expect(p.iv!, p.symbol).toBeCloseTo(s.iv!, 4);
      expect(p.daysToExpiration, p.symbol).toBe(s.daysToExpiration);
    }
  });

  it('ticks move the model: a sandbox tick reaches the window as a portfolioPatch with no REST request in between, totals reconciled', async () => {
    const w = await streamingCore({}, 'model');
    await w.until(() => streaming(w));
    await w.core.handlers.refreshNow();
    const before = (await w.core.handlers.getSnapshot())!;
    const patches: PortfolioPatch[] = [];
    w.core.events.on('portfolioPatch', (p) => patches.push(p));
    const restBefore = w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0;
    const quotesBefore = w.sandbox.counters()['GET /marketdata/v1/quotes'] ?? 0;
    w.sandbox.tick();
    // One frame later the ticks of that instant arrive as one patch (coalesced, not one per symbol).
    await w.until(() => patches.length > 0, 16);
    expect(w.sandbox.counters()[ACCOUNTS_ROUTE] ?? 0).toBe(restBefore);
    expect(w.sandbox.counters()['GET /marketdata/v1/quotes'] ?? 0).toBe(quotesBefore);
    expect(patches).toHaveLength(1);
    const patch = patches[0]!;
    expect(patch.positions.length).toBeGreaterThan(1);
    const after = (await w.core.handlers.getSnapshot())!;
    expect(after.totals.liquidationValue).not.toBe(before.totals.liquidationValue);
    expectSnapshotReconciles(after);
    // The patched figures are the ones a REST refresh at the same sandbox instant reports, to the cent.
    const rest = (await w.core.handlers.refreshNow())!;
    const streamed = new Map(after.accounts.flatMap((a) => a.positions.map((p) => [`${a.hash} ${p.symbol}`, p.marketValue] as const)));
    for (const a of rest.accounts) {
      for (const p of a.positions) {
        if (!STREAMABLE.has(p.assetType)) continue;
        expect(streamed.get(`${a.hash} ${p.symbol}`), p.symbol).toBe(p.marketValue);
      }
    }
  });

  it('freshness says streaming while the stream is healthy, with the last tick as as-of, and fresh again when it drops', async () => {
    const w = await streamingCore({}, 'model');
    const snapshots: PortfolioSnapshot[] = [];
    w.core.events.on('snapshot', (s) => snapshots.push(s));
    await w.until(() => streaming(w) && snapshots.at(-1)?.freshness === 'streaming');
    const patches: PortfolioPatch[] = [];
    w.core.events.on('portfolioPatch', (p) => patches.push(p));
    w.clock.advance(500);
    w.sandbox.tick();
    const tickedAt = w.clock.now();
    // Frames sent during the advance may land first (an option's greeks alone make a patch): wait for the tick's.
    await w.until(() => patches.some((p) => Date.parse(p.asOf) === tickedAt), 16);
    const after = (await w.core.handlers.getSnapshot())!;
    expect(after.freshness).toBe('streaming');
    expect(Date.parse(after.asOf)).toBe(tickedAt);
    expect(Date.parse(patches.at(-1)!.asOf)).toBe(tickedAt);

    const seen = snapshots.length;
    w.sandbox.faults.stream.dropConnections();
    await w.until(() => snapshots.slice(seen).some((s) => s.freshness === 'fresh'), 100);
    expect((await w.core.handlers.getSnapshot())!.freshness).toBe('fresh');
  });
});
