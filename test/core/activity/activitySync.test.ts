// Syncing the sandbox's orders and transactions into a real SQLite file over loopback HTTP: a year's
// backfill with progress, the exact time format and chunk sizes on the wire, an incremental second sync
// after a restart (file reopened) that asks only for what is newer and duplicates nothing, and figures
// computed from the stored rows that match what the sandbox's own book says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activityFigures, periodStarts, PERIODS, type PeriodFigures } from '../../../main/core/activity/activityFigures';
import { syncActivity, type SyncProgress } from '../../../main/core/activity/activitySync';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createActivityStore } from '../../../main/core/store/activityStore';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { FakeClock } from '../../support/fakeClock';
import { sandboxTokenSource } from '../schwab/sandboxTokens';

const DAY = 86_400_000;
let sandbox: Sandbox;
let clock: FakeClock;
let dir: string;
let urls: URL[];

beforeEach(async () => {
  clock = new FakeClock();
  sandbox = await startSandbox({ clock, autoApprove: true, seed: 7 });
  dir = mkdtempSync(join(tmpdir(), 'arbion-activity-'));
  urls = [];
});
afterEach(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function client() {
  const tokens = await sandboxTokenSource(sandbox);
  const http = createSchwabHttpClient({
    baseUrl: sandbox.baseUrl,
    tokens,
    clock,
    fetch: (input, init) => {
      expect(init?.method ?? 'GET').toBe('GET');
      urls.push(new URL(String(input)));
      return fetch(input, init);
    },
  });
  return createAccountsClient(http);
}

const hashes = (): string[] => sandbox.truth().accounts.map((a) => a.hashValue);
const param = (u: URL, name: string): number => Date.parse(u.searchParams.get(name)!);

function rowCounts(db: Db): { tx: number; orders: number } {
  return {
    tx: (db.prepare('SELECT COUNT(*) AS n FROM activity_transactions').get() as { n: number }).n,
    orders: (db.prepare('SELECT COUNT(*) AS n FROM activity_orders').get() as { n: number }).n,
  };
}

describe('activity sync', () => {
  it('backfills a year with progress; after a restart fetches only what is newer and never duplicates', async () => {
    const file = join(dir, 'arbion.db');
    const accounts = await client();
    let db = openDatabase(file);
    const progress: SyncProgress[] = [];
    const first = await syncActivity({ client: accounts, store: createActivityStore(db), clock }, hashes(), { onProgress: (p) => progress.push(p) });

    // On the wire: Schwab's exact time format, transactions in one ≤ 1-year call, orders in ≤ 60-day calls.
    for (const u of urls) {
      for (const name of ['fromEnteredTime', 'toEnteredTime', 'startDate', 'endDate']) {
        const v = u.searchParams.get(name);
        if (v !== null) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    }
    const orderCalls = urls.filter((u) => u.pathname.endsWith('/orders'));
    expect(orderCalls).toHaveLength(3 * 7);
    for (const u of orderCalls) expect(param(u, 'toEnteredTime') - param(u, 'fromEnteredTime')).toBeLessThanOrEqual(60 * DAY);
    const txCalls = urls.filter((u) => u.pathname.endsWith('/transactions'));
    expect(txCalls.map((u) => param(u, 'endDate') - param(u, 'startDate'))).toEqual([365 * DAY, 365 * DAY, 365 * DAY]);
    expect(progress.filter((p) => p.accountHash === hashes()[0] && p.kind === 'orders').map((p) => `${p.done}/${p.total}`)).toEqual(['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    expect(first.requests).toBe(24);

    const before = rowCounts(db);
    expect(before.tx).toBe(first.newTransactions);
    db.close();

    // Restart: an hour later, the working order fills (two executions), then a fresh process syncs.
    clock.advance(3_600_000);
    sandbox.activity.fillNext();
    sandbox.activity.fillNext();
    urls = [];
    db = openDatabase(file);
    const store = createActivityStore(db);
    const second = await syncActivity({ client: accounts, store, clock }, hashes());
    expect(second.newTransactions).toBe(2);
    const after = rowCounts(db);
    expect(after.tx).toBe(before.tx + 2);
    expect(after.orders).toBe(before.orders);
    const firstEnd = clock.now() - 3_600_000;
    for (const u of urls.filter((x) => x.pathname.endsWith('/transactions'))) expect(param(u, 'startDate')).toBe(firstEnd - DAY);
    // Orders reach back to the oldest one stored as still working (the OCO bracket, 3 trading days ago): one call each.
    expect(urls.filter((u) => u.pathname.endsWith('/orders'))).toHaveLength(3);
    const msft = store.orders({ accountHash: hashes()[0]! }).find((o) => o.legs[0]?.symbol === 'MSFT' && o.executions.length === 2)!;
    expect(msft).toMatchObject({ status: 'FILLED', filledQuantity: 10, remainingQuantity: 0 });
    expect(msft.legs[0]!.averagePrice).toBe(msft.limitPrice);
    const ids = store.transactions().map((t) => t.activityId);
    expect(new Set(ids).size).toBe(ids.length);

    // A third sync with nothing new adds nothing.
    expect((await syncActivity({ client: accounts, store, clock }, hashes())).newTransactions).toBe(0);
    expect(rowCounts(db)).toEqual(after);
    db.close();
  });

  it("the demo history's realized P&L, income, fees and deposits match the sandbox's own book, per period", async () => {
    const db = openDatabase(join(dir, 'arbion.db'));
    const store = createActivityStore(db);
    await syncActivity({ client: await client(), store, clock }, hashes());
    const now = clock.now();
    const figures = activityFigures(store.transactions(), now);
    expect(figures.unmatchedCloses).toBe(0);
    const starts = periodStarts(now);
    const truth = sandbox.activity.truth();
    for (const account of sandbox.truth().accounts) {
      for (const period of PERIODS) {
        const mine = truth.filter((e) => e.accountNumber === account.accountNumber && e.timeMs >= starts[period] && e.timeMs <= now);
        const sum = (kind: string): number => mine.filter((e) => e.kind === kind).reduce((s, e) => s + e.cents, 0);
        const expected: PeriodFigures = {
          realizedCents: sum('realized'),
          dividendsCents: sum('dividend'),
          interestCents: sum('interest'),
          incomeCents: sum('dividend') + sum('interest'),
          feesCents: sum('fee'),
          netDepositsCents: sum('deposit'),
        };
        expect(figures.byAccount[account.hashValue]![period], `${account.nickName} ${period}`).toEqual(expected);
      }
    }
    // The demo has realized P&L today (a partial close this morning) and over the year.
    expect(figures.total.today.realizedCents).not.toBe(0);
    const yearRealized = truth.filter((e) => e.kind === 'realized').reduce((s, e) => s + e.cents, 0);
    expect(yearRealized).not.toBe(0);
    db.close();
  });
});
