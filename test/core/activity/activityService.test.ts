// The activity service's pace on the fake clock, against the sandbox over loopback HTTP and a real SQLite
// file: a backfill's progress does not re-read the whole store per chunk, and while the stream delivers order
// events (ACCT_ACTIVITY) the timed sync runs every 15 minutes, back to every minute once it stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityView, PortfolioSnapshot } from '../../../common/contract';
import {
  ACTIVITY_SYNC_INTERVAL_MS,
  ACTIVITY_SYNC_INTERVAL_STREAMING_MS,
  createActivityService,
  PROGRESS_VIEW_MS,
  type ActivityService,
} from '../../../main/core/activity/activityService';
import { silentLogger } from '../../../main/core/log/logger';
import { normalizeAccounts } from '../../../main/core/portfolio/normalize';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createActivityStore, type ActivityStore } from '../../../main/core/store/activityStore';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { FakeClock, settle } from '../../support/fakeClock';
import { sandboxTokenSource } from '../schwab/sandboxTokens';

let sandbox: Sandbox;
let clock: FakeClock;
let dir: string;
let db: Db;
let service: ActivityService | null;

beforeEach(async () => {
  clock = new FakeClock();
  sandbox = await startSandbox({ clock, autoApprove: true, seed: 7 });
  dir = mkdtempSync(join(tmpdir(), 'arbion-activity-service-'));
  db = openDatabase(join(dir, 'arbion.db'));
  service = null;
});
afterEach(async () => {
  await service?.stop();
  db.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store, noting the (fake) time of each read of the transactions, which only the view's figures make. */
function timedStore(store: ActivityStore): { store: ActivityStore; reads: number[] } {
  const reads: number[] = [];
  return { store: { ...store, transactions: (filter) => (reads.push(clock.now()), store.transactions(filter)) }, reads };
}

async function startService(store: ActivityStore, orderEventsLive: () => boolean): Promise<ActivityService> {
  const tokens = await sandboxTokenSource(sandbox);
  const client = createAccountsClient(createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock }));
  const hashes = new Map(sandbox.truth().accounts.map((a) => [a.accountNumber, a.hashValue]));
  const snapshot: PortfolioSnapshot = normalizeAccounts((await client.getAccountsWithPositions()).data, {
    hashFor: (n) => hashes.get(n),
    asOf: clock.now(),
  });
  service = createActivityService({
    client,
    store,
    portfolio: { current: () => snapshot, onSnapshot: () => () => undefined, refreshNow: async () => snapshot },
    authGate: { get: () => ({ status: 'signed-in' }), subscribe: () => () => undefined },
    privacyMode: () => false,
    orderEventsLive,
    clock,
    logger: silentLogger,
  });
  return service;
}

const activityReads = (): number =>
  Object.entries(sandbox.counters())
    .filter(([route]) => /\/(orders|transactions)$/.test(route))
    .reduce((sum, [, n]) => sum + n, 0);

describe('activity service pace', () => {
  it("a backfill's progress reaches the view without re-reading every stored order per chunk", async () => {
    const timed = timedStore(createActivityStore(db));
    const s = await startService(timed.store, () => false);
    const views: ActivityView[] = [];
    s.onView((v) => views.push(v));
    s.start();
    await settle(clock, () => views.some((v) => v.sync.phase === 'idle' && v.sync.lastSyncAt !== null), { maxJumpMs: 1_000 });

    const progress = views.filter((v) => v.sync.phase === 'backfilling');
    expect(progress.length).toBeGreaterThan(10); // 3 accounts × (7 order chunks + 1 transactions call)
    expect(progress.at(-1)!.sync.done).toBe(progress.at(-1)!.sync.total);
    // Re-read at most once a second while the sync runs, and once more at its end.
    expect(timed.reads.length).toBeLessThan(progress.length);
    const gaps = timed.reads.slice(1, -1).map((at, i) => at - timed.reads[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(PROGRESS_VIEW_MS);
    const last = views.at(-1)!;
    expect(last.workingOrders.length).toBeGreaterThan(0);
    expect(last.workingOrders).toEqual(s.view().workingOrders);
  });

  it('while order events arrive by the stream the timed sync waits 15 minutes; without them, a minute', async () => {
    let live = true;
    const s = await startService(createActivityStore(db), () => live);
    const views: ActivityView[] = [];
    s.onView((v) => views.push(v));
    const firstInterval = clock.nextScheduled((d) => d === ACTIVITY_SYNC_INTERVAL_MS);
    s.start();
    await settle(clock, () => views.some((v) => v.sync.lastSyncAt !== null), { maxJumpMs: 1_000 });
    await firstInterval;
    sandbox.resetCounters();

    // Each minute's check finds the stream covering orders: nothing is read until 15 minutes have passed.
    const minutes = ACTIVITY_SYNC_INTERVAL_STREAMING_MS / ACTIVITY_SYNC_INTERVAL_MS;
    for (let m = 1; m < minutes; m++) {
      const rescheduled = clock.nextScheduled((d) => d === ACTIVITY_SYNC_INTERVAL_MS);
      clock.advance(ACTIVITY_SYNC_INTERVAL_MS);
      await rescheduled;
    }
    expect(activityReads()).toBe(0);
    const syncs = views.filter((v) => v.sync.phase === 'idle').length;
    clock.advance(ACTIVITY_SYNC_INTERVAL_MS);
    await settle(clock, () => views.filter((v) => v.sync.phase === 'idle').length > syncs, { maxJumpMs: 1_000 });
    expect(activityReads()).toBe(6); // one orders and one transactions read per account

    // The stream stops delivering order events: the next minute syncs again.
    live = false;
    sandbox.resetCounters();
    const before = views.filter((v) => v.sync.phase === 'idle').length;
    clock.advance(ACTIVITY_SYNC_INTERVAL_MS);
    await settle(clock, () => views.filter((v) => v.sync.phase === 'idle').length > before, { maxJumpMs: 1_000 });
    expect(activityReads()).toBe(6);
  });
});
