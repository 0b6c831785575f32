// `arbion positions --json` and `arbion balance --json` as child processes over several sandbox ticks: every
// total they print equals the sum of the rows they print, to the cent, while the portfolio moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioSnapshot } from '../../common/contract';
import { expectSnapshotReconciles } from '../support/reconcile';
import { startCliHarness, type CliHarness } from './cliHarness';

interface BalanceDocument {
  liquidationValue: number;
  dayChange: number;
  dayChangePercent: number;
  asOf: string;
  freshness: string;
}

let cli: CliHarness;

async function json<T>(args: string[]): Promise<T> {
  const r = await cli.runToEnd([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const sum = (xs: readonly number[]): number => xs.reduce((n, x) => n + x, 0);

beforeAll(async () => {
  cli = await startCliHarness();
  await cli.signIn();
});

afterAll(async () => {
  await cli?.close();
});

describe('CLI totals reconcile with their rows over sandbox ticks', () => {
  it('positions --json and balance --json: totals equal the sum of the rows, tick after tick', async () => {
    const seen = new Set<number>();
    for (let tick = 0; tick < 5; tick++) {
      cli.sandbox.tick(3);
      const doc = await json<PortfolioSnapshot>(['positions']);
      const balance = await json<BalanceDocument>(['balance']);
      expect(doc.freshness).toBe('fresh');
      expectSnapshotReconciles(doc);

      const rows = doc.accounts.flatMap((a) => a.positions);
      expect(rows.length).toBeGreaterThan(0);
      // The all-accounts figures against the rows themselves, not only against the accounts.
      expect(doc.totals.dayChange, `tick ${tick}`).toBe(sum(rows.map((p) => p.dayProfitLoss)));
      expect(doc.totals.longValue + doc.totals.shortValue, `tick ${tick}`).toBe(sum(rows.map((p) => p.marketValue)));
      expect(doc.totals.liquidationValue, `tick ${tick}`).toBe(
        sum(doc.accounts.map((a) => a.cashBalance + a.sweepBalance)) + sum(rows.map((p) => p.marketValue)),
      );

      // balance is a second process on the same (unmoved) sandbox: its line's figures are the same sums.
      expect(balance.freshness).toBe('fresh');
      expect(balance.liquidationValue, `tick ${tick}`).toBe(sum(doc.accounts.map((a) => a.liquidationValue)));
      expect(balance.dayChange, `tick ${tick}`).toBe(sum(rows.map((p) => p.dayProfitLoss)));
      expect(balance.dayChangePercent).toBe(doc.totals.dayChangePercent);
      seen.add(balance.liquidationValue);
    }
    // The portfolio really moved between ticks, so the sums were checked on different figures.
    expect(seen.size).toBeGreaterThan(1);
  });

  it('balance --account --json: one account, equal to the sum of that account’s rows and cash', async () => {
    cli.sandbox.tick(2);
    const doc = await json<PortfolioSnapshot>(['positions']);
    for (const a of doc.accounts) {
      const one = await json<BalanceDocument>(['balance', '--account', a.hash]);
      expect(one.liquidationValue, a.displayNumber).toBe(a.cashBalance + a.sweepBalance + sum(a.positions.map((p) => p.marketValue)));
      expect(one.dayChange, a.displayNumber).toBe(sum(a.positions.map((p) => p.dayProfitLoss)));
    }
  });
});
