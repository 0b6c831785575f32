// The activity service inside the real core: the demo sandbox over loopback HTTP, real SQLite files. A
// year's backfill with progress after sign-in, an order that fills while running (event, OS notification
// without amounts in privacy mode, balances re-read), a restart on the same data folder that syncs only
// what is newer and duplicates nothing, the views and exports from the handler table, and GETs only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityView, OrderFillNotice, PortfolioSnapshot, StreamStateView } from '../../../common/contract';
import { createCore } from '../../../main/core/api/createCore';
import type { ArbionCore } from '../../../main/core/api/coreTypes';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import type { SettingsStore } from '../../../main/core/ports';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { freePort } from '../../support/freePort';
import { next } from '../../support/nextValue';
import { sharedSandboxBackend } from '../../support/sandboxDemoBackend';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Notification {
  title: string;
  body: string;
}

async function setup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-activity-core-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  const sandbox = await startSandbox({ autoApprove: true, seed: 7, redirectUris: [redirectUri] });
  cleanups.push(() => sandbox.close());
  return { dataDir, redirectUri, sandbox };
}

async function startCore(
  { dataDir, redirectUri, sandbox }: { dataDir: string; redirectUri: string; sandbox: Sandbox },
  settings: SettingsStore = createMemorySettingsStore(),
  // false: the sandbox's direct fill announcements are left out, so only the stream's ACCT_ACTIVITY can tell.
  sandboxAnnounces = true,
): Promise<{ core: ArbionCore; notifications: Notification[] }> {
  const notifications: Notification[] = [];
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri },
    cipher: createFileKeyCipher(dataDir),
    settings,
    opener: { open: async () => false },
    notifier: { notify: (title, body) => notifications.push({ title, body }) },
    logger: silentLogger,
    demoBackend: async () => sharedSandboxBackend(sandbox, redirectUri, sandboxAnnounces),
  });
  let disposed = false;
  cleanups.push(async () => {
    if (!disposed) await core.dispose();
  });
  const dispose = core.dispose.bind(core);
  core.dispose = async () => {
    disposed = true;
    await dispose();
  };
  return { core, notifications };
}

const synced = (core: ArbionCore): Promise<ActivityView> =>
  next<ActivityView>((cb) => core.events.on('activity', cb), (v) => v.sync.phase === 'idle' && v.sync.lastSyncAt !== null);

function rowCounts(file: string): { tx: number; orders: number; ids: number } {
  const db = new Database(file, { readonly: true });
  try {
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      tx: n('SELECT COUNT(*) AS n FROM activity_transactions'),
      orders: n('SELECT COUNT(*) AS n FROM activity_orders'),
      ids: n('SELECT COUNT(DISTINCT activity_id) AS n FROM activity_transactions'),
    };
  } finally {
    db.close();
  }
}

describe('activity in the core', () => {
  it('backfills after sign-in with progress, announces a fill at once and re-reads the balances, restarts without duplicates', async () => {
    const world = await setup();
    const { core, notifications } = await startCore(world);
    const views: ActivityView[] = [];
    core.events.on('activity', (v) => views.push(v));
    const first = await synced(core);

    const backfill = views.filter((v) => v.sync.phase === 'backfilling');
    expect(backfill.length).toBeGreaterThan(3);
    expect(backfill.at(-1)!.sync.done).toBe(backfill.at(-1)!.sync.total);
    expect(first.workingOrders.length).toBeGreaterThan(0);
    expect(first.figures.accounts).toHaveLength(3);
    expect(first.transactionTypes).toEqual(expect.arrayContaining(['TRADE', 'DIVIDEND_OR_INTEREST']));
    expect(notifications).toEqual([]); // the backfill announces nothing

    // A working order fills half: the sandbox's event reaches the seam, which re-reads orders and balances.
    const sandbox = world.sandbox;
    const cashBefore = sandbox.truth().accounts[0]!.current.cashCents;
    const filled = next<OrderFillNotice>((cb) => core.events.on('orderFilled', cb), () => true);
    const shownBefore = (await core.handlers.getSnapshot())!;
    const cashOf = (s: PortfolioSnapshot): string => s.accounts.map((a) => a.cashBalance).join();
    const refreshed = next<PortfolioSnapshot>((cb) => core.events.on('snapshot', cb), (s) => cashOf(s) !== cashOf(shownBefore));
    const started = Date.now();
    const events = sandbox.activity.fillNext();
    const execution = events.find((e) => e.type === 'ExecutionCreated')!;
    const notice = await filled;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(notice.fill).toMatchObject({ orderId: String(execution.orderId), averagePrice: execution.price, complete: false });
    expect(notice.newQuantity).toBe(execution.quantity);
    expect(notifications).toEqual([{ title: 'Order partly filled', body: expect.stringContaining(String(execution.quantity)) }]);
    const snapshot = await refreshed;
    expect(Date.now() - started).toBeLessThan(2_000);
    const account = snapshot.accounts.find((a) => a.hash === notice.fill.accountHash)!;
    expect(account.cashBalance).toBe(sandbox.truth().accounts.find((a) => a.hashValue === account.hash)!.current.cashCents);
    expect(sandbox.truth().accounts[0]!.current.cashCents).not.toBe(cashBefore);
    const after = await core.handlers.getActivity();
    expect(after.todaysFills.find((f) => f.orderId === notice.fill.orderId)).toMatchObject({ complete: false });

    // Restart on the same data folder: the second launch reads only what is newer and duplicates nothing.
    const file = path.join(world.dataDir, 'demo', 'arbion.db');
    await core.dispose();
    const stored = rowCounts(file);
    expect(stored.ids).toBe(stored.tx);
    sandbox.resetCounters();
    const second = await startCore(world);
    const again = await synced(second.core);
    const counts = rowCounts(file);
    expect(counts).toEqual(stored);
    expect(again.sync.lastSyncAt).not.toBe(first.sync.lastSyncAt);
    // Incremental: one transactions call and one orders call per account, not a year's 8.
    const c = sandbox.counters();
    const activityCalls = Object.entries(c).filter(([route]) => /orders|transactions/.test(route)).reduce((s, [, n]) => s + n, 0);
    expect(activityCalls).toBe(6);
    // Read-only: every request the core made was a GET.
    expect(Object.keys(c).filter((route) => !route.startsWith('GET '))).toEqual([
      ...Object.keys(c).filter((route) => route.startsWith('POST /v1/oauth')),
    ]);
  });

  it('in privacy mode the fill notification carries no amounts', async () => {
    const world = await setup();
    const settings = createMemorySettingsStore();
    settings.update({ privacyMode: true });
    const { core, notifications } = await startCore(world, settings);
    await synced(core);
    const filled = next<OrderFillNotice>((cb) => core.events.on('orderFilled', cb), () => true);
    const [execution] = world.sandbox.activity.fillNext();
    await filled;
    expect(notifications).toHaveLength(1);
    const body = notifications[0]!.body;
    expect(body).not.toContain(String(execution!.price));
    expect(body).not.toMatch(/\$|\bat\b/);
    expect(body).not.toMatch(new RegExp(`\\b${execution!.quantity}\\b`));
  });

  it('serves orders, transactions with filter and search, and CSV exports that round-trip', async () => {
    const world = await setup();
    const { core } = await startCore(world);
    await synced(core);
    const working = await core.handlers.getOrders('working');
    expect(working.length).toBeGreaterThan(0);
    expect(working.every((o) => o.status !== 'FILLED' || o.children.length > 0)).toBe(true);
    const all = await core.handlers.getOrders('all');
    expect(all.length).toBeGreaterThan(working.length);

    const transactions = await core.handlers.getTransactions();
    const dividends = await core.handlers.getTransactions(undefined, 'DIVIDEND_OR_INTEREST');
    expect(dividends.length).toBeGreaterThan(0);
    expect(dividends.every((t) => t.type === 'DIVIDEND_OR_INTEREST')).toBe(true);
    const symbol = transactions.find((t) => t.symbol)!.symbol!;
    const found = await core.handlers.getTransactions(undefined, undefined, symbol.toLowerCase());
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((t) => `${t.description} ${t.symbol} ${t.type} ${t.account}`.toLowerCase().includes(symbol.toLowerCase()))).toBe(true);
    expect(transactions.map((t) => t.time)).toEqual([...transactions.map((t) => t.time)].sort().reverse());

    const tx = await core.handlers.exportCsv({ kind: 'transactions' });
    const txRows = parse(tx.text, { columns: true }) as Array<Record<string, string>>;
    expect(txRows).toHaveLength(transactions.length);
    const byId = new Map(transactions.map((t) => [t.activityId, t]));
    for (const r of txRows) expect(Math.round(Number(r.net_amount) * 100)).toBe(byId.get(r.activity_id!)!.netCents);

    const snapshot = (await core.handlers.getSnapshot())!;
    const a = snapshot.accounts[0]!;
    const shown = a.positions.slice(0, 2).map((p) => ({ accountHash: a.hash, symbol: p.symbol }));
    const pos = await core.handlers.exportCsv({ kind: 'positions', rows: shown });
    const posRows = parse(pos.text, { columns: true }) as Array<Record<string, string>>;
    expect(posRows.map((r) => r.symbol)).toEqual(shown.map((s) => s.symbol));
    expect(Math.round(Number(posRows[0]!.market_value) * 100)).toBe(a.positions[0]!.marketValue);
    expect(pos.text).not.toContain('$');
  });

  it('a fill announced on the stream (ACCT_ACTIVITY) re-reads orders and balances within 2 s, with no poll', async () => {
    const world = await setup();
    const { core } = await startCore(world, createMemorySettingsStore(), false);
    const healthy = next<StreamStateView>((cb) => core.events.on('streamState', cb), (s) => s.healthy);
    await synced(core);
    await healthy;
    await expect.poll(() => world.sandbox.streamerConnections()[0]?.ACCT_ACTIVITY.length ?? 0).toBe(1);
    const shownBefore = (await core.handlers.getSnapshot())!;
    const cashOf = (s: PortfolioSnapshot): string => s.accounts.map((a) => a.cashBalance).join();
    const filled = next<OrderFillNotice>((cb) => core.events.on('orderFilled', cb), () => true);
    const refreshed = next<PortfolioSnapshot>((cb) => core.events.on('snapshot', cb), (s) => cashOf(s) !== cashOf(shownBefore));
    const started = Date.now();
    const execution = world.sandbox.activity.fillNext().find((e) => e.type === 'ExecutionCreated')!;
    const notice = await filled;
    expect(notice.fill.orderId).toBe(String(execution.orderId));
    await refreshed;
    // The minute's sync and the portfolio poll are far off: only the stream's event can explain this.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('while the stream is down, the demo sandbox\'s own announcement still re-reads at once (the fallback)', async () => {
    const world = await setup();
    const { core } = await startCore(world);
    await synced(core);
    await next<StreamStateView>((cb) => core.events.on('streamState', cb), (s) => s.healthy);
    // Another app takes the one stream connection: no ACCT_ACTIVITY until taken back.
    const takenOver = next<StreamStateView>((cb) => core.events.on('streamState', cb), (s) => s.state === 'taken-over');
    world.sandbox.faults.apply({ kind: 'stream-code', code: 12, afterSec: 0 });
    await takenOver;
    const filled = next<OrderFillNotice>((cb) => core.events.on('orderFilled', cb), () => true);
    const started = Date.now();
    world.sandbox.activity.fillNext();
    await filled;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
