// The activity commands as real child processes against a sandbox started here: orders by status with the
// fill price from the executions, transactions by range and type, CSV exports that round-trip through
// csv-parse, a second run that syncs only what is newer without duplicating, and usage errors.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, TransactionView } from '../../common/contract';
import { startCliHarness, type CliHarness } from './cliHarness';

let cli: CliHarness;
beforeAll(async () => {
  cli = await startCliHarness({ seed: 7 });
  await cli.signIn();
});
afterAll(async () => {
  await cli?.close();
});

async function json<T>(args: string[]): Promise<T> {
  const r = await cli.runToEnd([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const activityRequests = (): number =>
  Object.entries(cli.sandbox.counters())
    .filter(([route]) => /orders|transactions/.test(route))
    .reduce((s, [, n]) => s + n, 0);

describe('arbion orders, transactions, export (child processes against the sandbox)', () => {
  it('orders: working by default, filled with the executions average, after one backfill; GETs only', async () => {
    cli.sandbox.resetCounters();
    const first = await cli.runToEnd(['orders']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Downloading a year of activity/);
    expect(first.stdout).toMatch(/WORKING/);
    expect(first.stdout).not.toMatch(/\bFILLED\b/);
    const backfill = activityRequests();
    expect(backfill).toBeGreaterThan(6);
    expect(Object.keys(cli.sandbox.counters()).filter((r) => !r.startsWith('GET '))).toEqual([]);

    // A fill between runs: the next run reads only what is newer and shows it.
    const [execution] = cli.sandbox.activity.fillNext();
    cli.sandbox.resetCounters();
    const filled = await json<{ status: string; orders: OrderView[] }>(['orders', '--status', 'filled']);
    expect(activityRequests()).toBe(6);
    const order = filled.orders.find((o) => o.orderId === String(execution!.orderId))!;
    expect(order.averagePrice).toBe(execution!.price);
    expect(order.filledQuantity).toBe(execution!.quantity);

    const bad = await cli.runToEnd(['orders', '--status', 'open']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status takes working, filled or all/);
  });

  it('transactions: a range and a type, no duplicates across runs', async () => {
    const all = await json<{ transactions: TransactionView[] }>(['transactions', '--from', '2000-01-01']);
    expect(all.transactions.length).toBeGreaterThan(10);
    const again = await json<{ transactions: TransactionView[] }>(['transactions', '--from', '2000-01-01']);
    expect(again.transactions.map((t) => t.activityId)).toEqual(all.transactions.map((t) => t.activityId));
    const ids = all.transactions.map((t) => t.activityId);
    expect(new Set(ids).size).toBe(ids.length);
    const db = new Database(path.join(cli.dataDir, 'arbion.db'), { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM activity_transactions').get() as { n: number }).n;
    db.close();
    expect(n).toBe(ids.length);

    const dividends = await json<{ transactions: TransactionView[] }>(['transactions', '--from', '2000-01-01', '--type', 'dividend_or_interest']);
    expect(dividends.transactions.length).toBeGreaterThan(0);
    expect(dividends.transactions.every((t) => t.type === 'DIVIDEND_OR_INTEREST')).toBe(true);

    const bad = await cli.runToEnd(['transactions', '--from', '2026-13-45']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from takes a date as YYYY-MM-DD/);
  });

  it('export: transactions and positions as CSV that csv-parse reads back to the cent', async () => {
    const txFile = path.join(cli.dataDir, 'tx.csv');
    const r = await cli.runToEnd(['export', 'transactions', '--from', '2000-01-01', '--out', txFile]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(fs.readFileSync(txFile, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const stored = await json<{ transactions: TransactionView[] }>(['transactions', '--from', '2000-01-01']);
    expect(rows).toHaveLength(stored.transactions.length);
    const byId = new Map(stored.transactions.map((t) => [t.activityId, t]));
    for (const row of rows) {
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Math.round(Number(row.net_amount) * 100)).toBe(byId.get(row.activity_id!)!.netCents);
    }

    const posFile = path.join(cli.dataDir, 'positions.csv');
    expect((await cli.runToEnd(['export', 'positions', '--out', posFile])).code).toBe(0);
    const positions = parse(fs.readFileSync(posFile, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const truth = cli.sandbox.truth();
    const held = truth.accounts.reduce((s, a) => s + a.positions.length, 0);
    expect(positions).toHaveLength(held);
    for (const p of positions) for (const col of ['market_value', 'day_change']) expect(p[col]).toMatch(/^-?\d+\.\d{2}$/);

    const bad = await cli.runToEnd(['export', 'orders', '--out', posFile]);
    expect(bad.code).toBe(2);
  });
});
