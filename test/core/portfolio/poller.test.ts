// The live portfolio service end to end: sandbox over HTTP, a real SQLite file, a fake clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { createSchwabHttpClient, type SchwabHttpOptions } from '../../../main/core/schwab/httpClient';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createPortfolioService, type AuthGate, type AuthGateState, type PortfolioService } from '../../../main/core/portfolio/poller';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { ArbionError } from '../../../main/core/errors';
import type { AccessTokenSource } from '../../../main/core/ports';
import { DEFAULT_SETTINGS, type PortfolioPatch, type PortfolioSnapshot, type Settings } from '../../../common/contract';
import { FakeClock } from '../../support/fakeClock';
import { expectSnapshotReconciles } from '../../support/reconcile';
import { MIN_INTERVAL_MS } from '../../../main/core/portfolio/pollSchedule';
import { nextPoll as nextPollOf, untilPolls as untilPollsOf } from './serviceWaits';
import { sandboxTokenSource, type TestTokenSource } from '../schwab/sandboxTokens';

class TestGate implements AuthGate {
  private listeners = new Set<(s: AuthGateState) => void>();
  constructor(private state: AuthGateState) {}
  get(): AuthGateState {
    return this.state;
  }
  subscribe(cb: (s: AuthGateState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  set(status: AuthGateState['status']): void {
    this.state = { ...this.state, status };
    for (const cb of this.listeners) cb(this.state);
  }
}

let sandbox: Sandbox;
let tokens: TestTokenSource;
let dir: string;
let db: Db;
let clock: FakeClock;
let gate: TestGate;
let settings: Settings;
let service: PortfolioService;
let emitted: PortfolioSnapshot[];

/** Delegates to whichever sandbox sign-in is current (a restarted sandbox means a new sign-in). */
const tokenProxy: AccessTokenSource = {
  getAccessToken: () => tokens.getAccessToken(),
  refreshAfterUnauthorized: async (rejected) => {
    try {
      return await tokens.refreshAfterUnauthorized(rejected);
    } catch (e) {
      // What the real token manager does when the refresh token is dead.
      throw new ArbionError('ReauthRequired', 'The Schwab sign-in has expired.', { cause: e });
    }
  },
};

function makeService(clientOptions: Partial<SchwabHttpOptions> = {}): PortfolioService {
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens: tokenProxy, clock, random: () => 0.5, ...clientOptions });
  const s = createPortfolioService({
    client: createAccountsClient(http),
    db,
    clock,
    settings: { get: () => settings },
    authGate: gate,
    random: () => 1,
  });
  s.onSnapshot((snap) => emitted.push(snap));
  return s;
}

const accountRequests = (): number => sandbox.counters()['GET /trader/v1/accounts'] ?? 0;
const numberRequests = (): number => sandbox.counters()['GET /trader/v1/accounts/accountNumbers'] ?? 0;

const untilPolls = (n: number): Promise<unknown> => untilPollsOf(service, n);
const nextPoll = (): Promise<number> => nextPollOf(service, clock);

/**
 * Lets the HTTP client's own retries run until poll `n` has settled: each time the client schedules a
 * backoff wait, fire it. Poll timers are never shorter than MIN_INTERVAL_MS, so a shorter timer is the
 * client's.
 */
async function runClientRetries(n: number): Promise<void> {
  const settled = untilPolls(n).then(() => 'settled' as const);
  for (;;) {
    const backoff = clock.nextScheduled((ms) => ms < MIN_INTERVAL_MS).then(() => 'backoff' as const);
    if ((await Promise.race([settled, backoff])) === 'settled') return;
    clock.runNext();
  }
}

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 11, autoApprove: true });
  tokens = await sandboxTokenSource(sandbox);
  sandbox.resetCounters();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-poller-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  clock = new FakeClock(); // Wed 2025-01-15 10:00 New York: market open
  gate = new TestGate({ status: 'signed-in', mode: 'demo' });
  settings = { ...DEFAULT_SETTINGS };
  emitted = [];
  service = makeService();
});
afterEach(async () => {
  await service.stop();
  await sandbox.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('portfolio service', () => {
  it('one request per refresh (accountNumbers once per sign-in), numbers match the sandbox to the cent', async () => {
    service.start();
    await untilPolls(1);
    expect(numberRequests()).toBe(1);
    expect(accountRequests()).toBe(1);
    for (let i = 0; i < 5; i++) {
      sandbox.tick();
      expect(await nextPoll()).toBe(10_000);
    }
    expect(numberRequests()).toBe(1);
    expect(accountRequests()).toBe(6);

    const snap = service.currentWithAccountNumbers()!;
    const truth = sandbox.truth();
    expect(snap.source).toBe('live');
    expect(snap.freshness).toBe('fresh');
    expect(snap.demo).toBe(true);
    expect(snap.accounts.map((a) => a.hash)).toEqual(truth.accounts.map((a) => a.hashValue));
    truth.accounts.forEach((t, i) => {
      const a = snap.accounts[i]!;
      expect(a.accountNumber).toBe(t.accountNumber);
      expect(a.liquidationValue).toBe(t.current.liquidationValueCents);
      expect(a.dayChange).toBe(t.positions.reduce((s, p) => s + p.dayPnLCents, 0));
      expect(a.buyingPower === null).toBe(t.type === 'CASH');
      t.positions.forEach((p, j) => {
        expect(a.positions[j]!.symbol).toBe(p.symbol);
        expect(a.positions[j]!.marketValue).toBe(p.marketValueCents);
        expect(a.positions[j]!.quantity).toBe(p.longQuantity - p.shortQuantity);
      });
    });
    const totalCents = truth.accounts.reduce((s, a) => s + a.current.liquidationValueCents, 0);
    expect(snap.totals.liquidationValue).toBe(totalCents);
  });

  it('sums reconcile to the cent over many ticks of the moving sandbox, and price patches keep them so', async () => {
    const patches: PortfolioPatch[] = [];
    service.onPortfolioPatch((p) => patches.push(p));
    service.start();
    await untilPolls(1);
    for (let i = 0; i < 25; i++) {
      sandbox.tick();
      await nextPoll();
      expectSnapshotReconciles(service.currentWithAccountNumbers()!);
    }
    const before = service.current()!;
    const snapshotsBefore = emitted.length;
    const held = before.accounts[0]!.positions[0]!;
    const at = new Date(clock.now() + 1_000).toISOString();
    expect(service.applyPricePatch([{ symbol: 'NOT-HELD', mark: 10, asOf: at }])).toBeNull();
    expect(service.applyPricePatch([{ symbol: held.symbol, mark: 1, asOf: new Date(clock.now() - 60_000).toISOString() }])).toBeNull();
    const patch = service.applyPricePatch([{ symbol: held.symbol, mark: 123.45, asOf: at }])!;
    expect(patches).toEqual([patch]);
    expect(emitted.length).toBe(snapshotsBefore); // a patch, not a whole snapshot
    const after = service.current()!;
    const repriced = after.accounts[0]!.positions[0]!;
    expect(repriced.mark).toBe(123.45);
    expect(repriced.marketValue).toBe(Math.round(held.quantity * 123.45 * held.multiplier * 100));
    expect(patch.totals).toEqual(after.totals);
    expect(after.totals.liquidationValue - before.totals.liquidationValue).toBe(repriced.marketValue - held.marketValue);
    expectSnapshotReconciles(after);
    expectSnapshotReconciles(service.currentWithAccountNumbers()!);
    expect(JSON.stringify(patch)).not.toContain(service.currentWithAccountNumbers()!.accounts[0]!.accountNumber);
  });

  it('emits only when something changed, always masked', async () => {
    service.start();
    await untilPolls(1);
    expect(emitted).toHaveLength(1);
    await nextPoll();
    await nextPoll();
    expect(emitted).toHaveLength(1); // same numbers: nothing to emit
    sandbox.tick();
    await nextPoll();
    expect(emitted).toHaveLength(2);
    for (const s of emitted) {
      for (const a of s.accounts) expect(a.accountNumber).toBe(a.displayNumber);
    }
    const json = JSON.stringify(emitted);
    for (const a of sandbox.truth().accounts) expect(json).not.toContain(a.accountNumber);
    expect(service.current()!.accounts[0]!.accountNumber).toMatch(/^…\d{4}$/);
    // current() carries the latest as-of even when nothing was emitted.
    expect(Date.parse(service.current()!.asOf)).toBe(clock.now());
  });

  it('shows the cached snapshot at start (source "cache") before any request, then live data', async () => {
    service.start();
    await untilPolls(1);
    const live = service.current()!;
    await service.stop();

    clock.advance(3600_000);
    gate.set('signed-out');
    sandbox.resetCounters();
    emitted = [];
    service = makeService();
    service.start();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.source).toBe('cache');
    expect(emitted[0]!.asOf).toBe(live.asOf);
    expect(emitted[0]!.totals).toEqual(live.totals);
    expect(emitted[0]!.freshness).toBe('stale'); // an hour old
    // Signed out: no poll started and none planned, so no request at all.
    expect(service.status()).toMatchObject({ polls: 0, inFlight: false, nextPollAt: null });
    expect(sandbox.counters()).toEqual({});

    gate.set('signed-in');
    await untilPolls(1);
    expect(emitted.at(-1)!.source).toBe('live');
    expect(emitted.at(-1)!.freshness).toBe('fresh');
    expect(numberRequests()).toBe(1); // a new sign-in fetches the account map again
  });

  it('the start-up cache is written at once, then at most once a minute (and on stop)', async () => {
    const cachedAsOf = (): number | undefined =>
      (db.prepare('SELECT as_of AS a FROM snapshot_cache').get() as { a: number } | undefined)?.a;
    service.start();
    await untilPolls(1);
    const first = clock.now();
    expect(cachedAsOf()).toBe(first);
    for (let i = 0; i < 5; i++) {
      sandbox.tick();
      await nextPoll(); // +10 s … +50 s: changed numbers, but within the minute
    }
    expect(cachedAsOf()).toBe(first);
    sandbox.tick();
    await nextPoll(); // +60 s
    expect(cachedAsOf()).toBe(first + 60_000);
    sandbox.tick();
    await nextPoll();
    await service.stop();
    expect(cachedAsOf()).toBe(first + 70_000);
  });

  it('a restart within the same sign-in reuses the stored account map (one request per refresh from the start)', async () => {
    service.start();
    await untilPolls(1);
    await service.stop();
    sandbox.resetCounters();
    service = makeService();
    service.start();
    await untilPolls(1);
    expect(sandbox.counters()).toEqual({ 'GET /trader/v1/accounts': 1 });
    expect(service.current()!.accounts.map((a) => a.hash)).toEqual(sandbox.truth().accounts.map((a) => a.hashValue));
  });

  it('one-shot use (the CLI): refreshNow without start; offline still returns the cached numbers, marked', async () => {
    const oneShot = makeService();
    const live = (await oneShot.refreshNow())!;
    expect(live.source).toBe('live');
    expect(live.accounts[0]!.accountNumber).toMatch(/^…/);
    expect(oneShot.currentWithAccountNumbers()!.accounts[0]!.accountNumber).toBe(sandbox.truth().accounts[0]!.accountNumber);
    expect(oneShot.status().nextPollAt).toBeNull(); // not started: no timers
    await oneShot.stop();

    await sandbox.close();
    const later = makeService({ maxAttempts: 1 });
    const snap = (await later.refreshNow())!;
    expect(snap.source).toBe('cache');
    expect(snap.freshness).toBe('offline');
    expect(snap.totals).toEqual(live.totals);
    expect(later.status().lastError?.code).toBe('Network');
    sandbox = await startSandbox({ seed: 11 }); // for afterEach
  });

  it('malformed JSON keeps the last snapshot and marks it; the next good poll recovers', async () => {
    service.start();
    await untilPolls(1);
    const good = service.current()!;
    sandbox.faults.malformNext(1, 'invalid-json', { pathPrefix: '/trader/v1/accounts' });
    sandbox.tick();
    await nextPoll();
    const marked = service.current()!;
    expect(marked.freshness).toBe('stale');
    expect(marked.freshnessReason).toMatch(/could not read/);
    expect(marked.totals).toEqual(good.totals);
    expect(marked.asOf).toBe(good.asOf);
    expect(service.status().lastError?.code).toBe('PayloadInvalid');
    expect(emitted.at(-1)!.freshness).toBe('stale');

    sandbox.faults.malformNext(1, 'missing-field', { pathPrefix: '/trader/v1/accounts' });
    await nextPoll();
    expect(service.current()!.totals).toEqual(good.totals);
    expect(service.status().lastError?.message).toMatch(/securitiesAccount/);

    await nextPoll();
    expect(service.current()!.freshness).toBe('fresh');
    expect(service.current()!.totals).not.toEqual(good.totals); // the tick shows up now
  });

  it('offline (server gone) → offline with as-of kept → recovery on a restarted server', async () => {
    service.start();
    await untilPolls(1);
    const before = service.current()!;
    const port = sandbox.port;
    await sandbox.close();
    clock.advance(service.status().nextPollAt! - clock.now());
    await runClientRetries(2); // the client retries inside the call; let its backoff timers run
    expect(service.current()!.freshness).toBe('offline');
    expect(service.current()!.asOf).toBe(before.asOf);
    expect(service.current()!.totals).toEqual(before.totals);

    sandbox = await startSandbox({ seed: 11, autoApprove: true, port });
    tokens = await sandboxTokenSource(sandbox);
    expect(await nextPoll()).toBe(10_000); // after one failure: the interval
    expect(service.current()!.freshness).toBe('fresh');
    expect(service.status().consecutiveErrors).toBe(0);
  });

  it('a stuck poll turns the snapshot stale after 3 intervals, then fresh again', async () => {
    await service.stop();
    service = makeService({ timeoutMs: 120_000 });
    service.start();
    await untilPolls(1);
    sandbox.faults.addLatency(300, { count: 1, pathPrefix: '/trader/v1/accounts' });
    clock.advance(10_000); // poll 2 starts and hangs (300 ms real) on the server
    await sandbox.requestsReached('GET /trader/v1/accounts', 2);
    expect(service.status().inFlight).toBe(true);
    clock.advance(20_001); // 3 intervals since the last success
    expect(service.current()!.freshness).toBe('stale');
    expect(emitted.at(-1)!.freshness).toBe('stale');
    // Stale stays stale until a poll lands: no timer keeps re-publishing in the meantime.
    expect(clock.nextAt()! - clock.now()).toBeGreaterThan(10_000);
    await untilPolls(2);
    expect(service.current()!.freshness).toBe('fresh');
  });

  it('dropped connections → offline, then recovery', async () => {
    await service.stop();
    service = makeService({ maxAttempts: 1 });
    service.start();
    await untilPolls(1);
    sandbox.faults.dropNext(2, { pathPrefix: '/trader/v1/accounts' });
    await nextPoll();
    expect(service.current()!.freshness).toBe('offline');
    expect(await nextPoll()).toBe(10_000); // after 1 failure: the interval
    expect(service.current()!.freshness).toBe('offline');
    expect(await nextPoll()).toBe(20_000); // after 2 in a row: doubled
    expect(service.current()!.freshness).toBe('fresh');
  });

  it('429 → rate-limited, next poll waits for Retry-After; without it, backoff', async () => {
    await service.stop();
    service = makeService({ maxAttempts: 1 });
    service.start();
    await untilPolls(1);
    sandbox.faults.failNext(1, 429, { retryAfterSec: 90, pathPrefix: '/trader/v1/accounts' });
    await nextPoll();
    expect(service.current()!.freshness).toBe('rate-limited');
    expect(service.status().plan).toMatchObject({ delayMs: 90_000, reason: 'retry-after' });
    sandbox.faults.failNext(1, 429, { pathPrefix: '/trader/v1/accounts' });
    expect(await nextPoll()).toBe(90_000);
    expect(service.current()!.freshness).toBe('rate-limited');
    expect(service.status().plan).toMatchObject({ delayMs: 20_000, reason: 'backoff' });
    await nextPoll();
    expect(service.current()!.freshness).toBe('fresh');
  });

  it('5xx storm: growing waits between polls, then recovery', async () => {
    await service.stop();
    service = makeService({ maxAttempts: 1 });
    service.start();
    await untilPolls(1);
    sandbox.faults.failNext(4, 503, { pathPrefix: '/trader/v1/accounts' });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await nextPoll());
    expect(waits).toEqual([10_000, 10_000, 20_000, 40_000, 80_000]);
    expect(service.current()!.freshness).toBe('fresh');
    expect(service.status().plan?.delayMs).toBe(10_000);
  });

  it('401 mid-poll → exactly one token refresh, no visible hiccup', async () => {
    service.start();
    await untilPolls(1);
    const before = emitted.length;
    sandbox.faults.expireAccessTokens();
    await nextPoll();
    expect(tokens.refreshes).toBe(1);
    expect(sandbox.counters()['POST /v1/oauth/token']).toBe(1);
    expect(service.current()!.freshness).toBe('fresh');
    expect(emitted.length).toBe(before);
  });

  it('dead refresh token → reauth-required, polling stops until the next sign-in', async () => {
    service.start();
    await untilPolls(1);
    sandbox.faults.expireRefreshTokens();
    sandbox.faults.expireAccessTokens();
    await nextPoll();
    expect(service.current()!.freshness).toBe('reauth-required');
    expect(service.status().nextPollAt).toBeNull();
    const n = accountRequests();
    const polls = service.status().polls;
    clock.advance(600_000);
    expect(service.status()).toMatchObject({ polls, inFlight: false, nextPollAt: null }); // no poll started
    expect(accountRequests()).toBe(n);

    gate.set('reauth-required');
    tokens = await sandboxTokenSource(sandbox);
    gate.set('signed-in');
    await untilPolls(3);
    expect(service.current()!.freshness).toBe('fresh');
  });

  it('paused while signed out; refreshNow polls at once and joins a poll in flight', async () => {
    gate.set('signed-out');
    service.start();
    clock.advance(120_000);
    expect(service.status()).toMatchObject({ polls: 0, inFlight: false, nextPollAt: null }); // no poll started
    expect(sandbox.counters()).toEqual({});
    expect(await service.refreshNow()).toBeNull();

    gate.set('signed-in');
    await untilPolls(1);
    clock.advance(3000);
    const [a, b] = await Promise.all([service.refreshNow(), service.refreshNow()]);
    expect(a).toEqual(b);
    expect(accountRequests()).toBe(2);
    expect(service.status().nextPollAt).toBe(clock.now() + 10_000); // the timer restarts after a manual refresh
    gate.set('signed-out');
    expect(service.status().nextPollAt).toBeNull();
  });

  it('outside market hours: slow by default, paused until the open when asked, same when asked', async () => {
    clock.setNow(Date.parse('2025-01-18T12:00:00-05:00')); // Saturday
    service.start();
    await untilPolls(1);
    expect(await nextPoll()).toBe(60_000);
    settings = { ...settings, offHours: 'pause' };
    service.settingsChanged();
    expect(service.status().nextPollAt).toBe(Date.parse('2025-01-21T09:30:00-05:00')); // MLK Monday skipped
    clock.advance(2 * 86_400_000); // Monday noon (a holiday): still paused
    expect(service.status().polls).toBe(2);
    expect(service.current()!.freshness).toBe('fresh'); // nothing moves while the market is closed
    settings = { ...settings, offHours: 'same', refreshIntervalSec: 5 };
    service.settingsChanged();
    expect(await nextPoll()).toBe(5_000);
  });

  it('records history per account hash and total; clear() forgets the cache but not history', async () => {
    service.start();
    await untilPolls(1);
    for (let i = 0; i < 3; i++) {
      sandbox.tick();
      await nextPoll();
    }
    const total = service.history('1D');
    expect(total.length).toBeGreaterThanOrEqual(1);
    expect(total.at(-1)!.value).toBe(service.current()!.totals.liquidationValue / 100);
    const hash = service.current()!.accounts[1]!.hash;
    expect(service.history('1D', hash).at(-1)!.value).toBe(service.current()!.accounts[1]!.liquidationValue / 100);
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM balance_history').get() as { n: number }).n;
    expect(rows).toBe(4 * (1 + 3)); // 4 polls × (total + 3 accounts)

    await service.stop();
    service.clear();
    expect(service.current()).toBeNull();
    expect(db.prepare('SELECT COUNT(*) AS n FROM snapshot_cache').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM account_map').get()).toEqual({ n: 0 });
    expect(service.history('1D').length).toBe(total.length);
  });
});
