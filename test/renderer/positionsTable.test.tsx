// The positions table against the sample portfolio: every column sorts (with aria-sort), the filter narrows
// rows and the totals row, options read as "CALL SPY 18 Dec 26 550" (put/call first), shorts are negative, each
// account's cash & sweep row completes the account value, 2,500 rows stay windowed. Sort and columns persist.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PositionsTable } from '../../renderer/src/components/PositionsTable';
import { totalsOfRows } from '../../common/portfolio/figures';
import { reducePortfolio } from '../../common/portfolio/reducer';
import { buildRows, sortRows, type SortKey } from '../../renderer/src/components/positionRows';
import { buildLargeSnapshot, buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { formatSymbol } from '../../common/format/optionSymbol';
import { renderDashboard } from './renderApp';

const snapshot = buildSnapshot();
const margin = snapshot.accounts[0]!;

afterEach(() => localStorage.clear());

/** Position rows (the cash & sweep rows aside). */
function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .filter((r) => r.classList.contains('pos-row') && !r.classList.contains('cash-row'));
}

/** "SPY 18 Dec 26 550 C" back from the put/call tag and the symbol beside it. */
function symbolsShown(): string[] {
  return bodyRows().map((r) => {
    const tag = r.querySelector('.pc-tag')?.textContent;
    const sym = r.querySelector('.sym')?.textContent ?? '';
    return tag ? `${sym} ${tag[0]}` : sym;
  });
}

function header(name: string): HTMLElement {
  return screen.getByRole('columnheader', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
}

/** The rendered cells of one column, top to bottom. */
function columnTexts(label: string): string[] {
  const index = screen.getAllByRole('columnheader').indexOf(header(label));
  return bodyRows().map((r) => r.querySelectorAll('td')[index]!.textContent ?? '');
}

/** Reads "+$1,060.00", "-0.66%", "85.342" back as numbers; "—" (missing) as null. */
function parseCell(text: string): number | null {
  if (text.trim() === '—') return null;
  return Number(text.replace(/[$,%+]/g, ''));
}

/** Checks the rendered order independently of the sorting code: numbers by value (missing last), text by collation. */
function expectOrdered(key: SortKey, label: string, sign: 1 | -1): void {
  if (key === 'symbol') {
    const expected = sign === 1
      ? ['AAPL', 'AAPL 15 Jan 27 200 P', 'MSFT', 'NVDA', 'SPY', 'SPY 18 Dec 26 550 C', 'TSLA']
      : ['TSLA', 'SPY 18 Dec 26 550 C', 'SPY', 'NVDA', 'MSFT', 'AAPL 15 Jan 27 200 P', 'AAPL'];
    expect(symbolsShown()).toEqual(expected);
    return;
  }
  const texts = columnTexts(label);
  expect(texts).toHaveLength(margin.positions.length);
  if (key === 'description') {
    const present = texts.filter((t) => t !== '—');
    expect(texts.at(-1)).toBe('—');
    for (let i = 1; i < present.length; i++) expect(present[i - 1]!.localeCompare(present[i]!) * sign).toBeLessThanOrEqual(0);
    return;
  }
  const values = texts.map(parseCell);
  const present = values.filter((v): v is number => v !== null);
  for (let i = 1; i < present.length; i++) expect((present[i]! - present[i - 1]!) * sign).toBeGreaterThanOrEqual(0);
  expect(new Set(present).size).toBeGreaterThan(1);
}

const COLUMNS: [string, SortKey][] = [
  ['Symbol', 'symbol'],
  ['Description', 'description'],
  ['Qty', 'quantity'],
  ['Avg price', 'averagePrice'],
  ['Market value', 'marketValue'],
  ['Day P&L', 'dayProfitLoss'],
  ['Day %', 'dayProfitLossPercent'],
  ['Unrealized P&L', 'unrealizedProfitLoss'],
  ['Unrl. %', 'unrealizedProfitLossPercent'],
  ['Weight', 'weightPercent'],
];

describe('positions table', () => {
  it('shows options readably, shorts negative, and every position of the account', () => {
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    expect(bodyRows()).toHaveLength(margin.positions.length);
    const call = screen.getByText('SPY 18 Dec 26 550');
    expect(call.getAttribute('title')).toBe('SPY 18 Dec 26 550 C · SPY   261218C00550000');
    // The put/call tag comes first in the cell, so a narrow column cannot cut it off.
    expect(call.parentElement!.firstElementChild!.textContent).toBe('CALL');
    const put = screen.getByText('AAPL 15 Jan 27 200');
    expect(put.previousElementSibling!.textContent).toBe('PUT');
    expect(put.previousElementSibling!.classList.contains('put')).toBe(true);
    const tsla = bodyRows().find((r) => r.textContent?.includes('TESLA'))!;
    const qty = tsla.querySelector('.qty')!;
    expect(qty.textContent).toBe('-50');
    expect(qty.classList.contains('short')).toBe(true);
    expect(within(tsla).getByText('-$12,415.00')).toBeTruthy();
  });

  it.each(COLUMNS)('sorts by %s both ways, with aria-sort on that column only', async (label, key) => {
    const user = userEvent.setup();
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);

    await user.click(within(header(label)).getByRole('button'));
    const first = header(label).getAttribute('aria-sort');
    expect(['ascending', 'descending']).toContain(first);
    expectOrdered(key, label, first === 'ascending' ? 1 : -1);
    for (const [other] of COLUMNS) if (other !== label) expect(header(other).getAttribute('aria-sort')).toBeNull();

    await user.click(within(header(label)).getByRole('button'));
    const second = header(label).getAttribute('aria-sort');
    expect(second).not.toBe(first);
    expectOrdered(key, label, second === 'ascending' ? 1 : -1);
  });

  it('orders numbers as numbers (market value, shorts last when descending)', async () => {
    const user = userEvent.setup();
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    await user.click(within(header('Market value')).getByRole('button'));
    expect(header('Market value').getAttribute('aria-sort')).toBe('descending');
    const shown = symbolsShown();
    expect(shown[0]).toBe('SPY');
    expect(shown.slice(-2)).toEqual(['AAPL 15 Jan 27 200 P', 'TSLA']);
  });

  it('keeps missing values last in both directions, and the cash row below every position', () => {
    const rows = buildRows(snapshot, margin.hash);
    const asc = sortRows(rows, { key: 'description', direction: 'asc' });
    const desc = sortRows(rows, { key: 'description', direction: 'desc' });
    expect(asc.at(-2)!.symbol).toBe('AAPL'); // no description from Schwab
    expect(desc.at(-2)!.symbol).toBe('AAPL');
    for (const sorted of [asc, desc, sortRows(rows, { key: 'marketValue', direction: 'asc' })]) expect(sorted.at(-1)!.kind).toBe('cash');
  });

  it('a sort after prices moved rows in the order gives what sorting afresh gives', () => {
    // sortRows starts from its last order; the result must not depend on it.
    const byValueDesc = (rows: ReturnType<typeof buildRows>) =>
      rows
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.kind === 'position')
        .sort((a, b) => b.r.marketValue - a.r.marketValue || a.i - b.i)
        .map(({ r }) => r.key);
    let state = buildLargeSnapshot(120);
    const orders = new Set<string>();
    const sort = { key: 'marketValue', direction: 'desc' } as const;
    const symbols = [...new Set(state.accounts.flatMap((a) => a.positions.map((p) => p.symbol)))];
    for (let i = 0; i < 12; i++) {
      const rows = buildRows(state, null);
      const sorted = sortRows(rows, sort).filter((r) => r.kind === 'position').map((r) => r.key);
      expect(sorted).toEqual(byValueDesc(rows));
      orders.add(sorted.join());
      // Big moves in a few symbols, so rows change places from one sort to the next.
      const at = new Date(Date.parse(state.asOf) + (i + 1) * 1000).toISOString();
      const prices = symbols.slice(i * 3, i * 3 + 3).map((symbol) => {
        const held = state.accounts.flatMap((a) => a.positions).find((p) => p.symbol === symbol)!;
        return { symbol, mark: Math.round((held.mark ?? 10) * (i % 2 ? 3 : 0.3) * 100) / 100, asOf: at };
      });
      state = reducePortfolio(state, { type: 'prices', prices }).snapshot!;
    }
    expect(orders.size).toBeGreaterThan(6);
  });

  it('filters by symbol, readable option symbol, description and type, and re-totals', async () => {
    const user = userEvent.setup();
    render(<PositionsTable snapshot={snapshot} accountHash={null} />);
    const filter = screen.getByRole('searchbox', { name: /filter positions/i });
    await user.type(filter, 'spy');
    expect(symbolsShown().sort()).toEqual(['SPY', 'SPY 18 Dec 26 550 C']);
    expect(screen.getByText('2 of 13')).toBeTruthy();
    const totals = screen.getAllByRole('row').find((r) => r.classList.contains('totals-row'))!;
    // SPY 88,230 + SPY call 30,675
    expect(within(totals).getByText('$118,905.00')).toBeTruthy();

    await user.clear(filter);
    await user.type(filter, 'dec 26');
    expect(symbolsShown()).toEqual(['SPY 18 Dec 26 550 C']);

    await user.clear(filter);
    await user.type(filter, 'money fund');
    expect(symbolsShown()).toEqual(['SWVXX']);

    await user.clear(filter);
    await user.type(filter, 'zzz');
    expect(bodyRows()).toHaveLength(0);
    expect(screen.getByText('No positions match “zzz”.')).toBeTruthy();

    await user.type(filter, '{Escape}');
    expect(bodyRows()).toHaveLength(13);
  });

  it('totals market value and P&L in cents, with the account column in "all accounts"', () => {
    render(<PositionsTable snapshot={snapshot} accountHash={null} />);
    expect(screen.getByRole('columnheader', { name: /^Account/ })).toBeTruthy();
    const rows = buildRows(snapshot, null);
    const t = totalsOfRows(rows);
    const expectedMv = rows.reduce((s, r) => s + r.marketValue, 0);
    expect(t.marketValue).toBe(expectedMv);
    const totals = screen.getAllByRole('row').find((r) => r.classList.contains('totals-row'))!;
    expect(within(totals).getByText(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(expectedMv / 100))).toBeTruthy();
  });

  it('after a price change rebuilds only the rows whose figures changed, with the weights a fresh build gives', () => {
    const before = buildLargeSnapshot(600, { seed: 5 });
    for (const accountHash of [null, before.accounts[0]!.hash]) {
      const rowsBefore = buildRows(before, accountHash);
      const moved = before.accounts[0]!.positions.find((p) => p.assetType === 'EQUITY')!;
      const mark = Math.round(Math.abs(moved.marketValue / moved.quantity) * 1.05) / 100;
      const after = reducePortfolio(before, { type: 'prices', prices: [{ symbol: moved.symbol, mark, asOf: new Date(Date.parse(before.asOf) + 1_000).toISOString() }] }).snapshot!;
      const rowsAfter = buildRows(after, accountHash);
      // The same figures as rows built from copies of every position (nothing reused).
      const fresh = buildRows(structuredClone(after), accountHash);
      expect(rowsAfter).toEqual(fresh);
      // Position rows (the few cash rows are made each time).
      const changed = rowsAfter.filter((r, i) => r.kind === 'position' && r !== rowsBefore[i]);
      expect(changed.some((r) => r.symbol === moved.symbol)).toBe(true);
      for (const r of changed) {
        const old = rowsBefore.find((x) => x.key === r.key)!;
        expect(r, r.key).not.toEqual(old);
      }
      expect(changed.length).toBeLessThan(rowsAfter.length / 4);
    }
  });

  it('renders only a window of 2,500 rows but announces them all', async () => {
    const large = buildLargeSnapshot(2500);
    const user = userEvent.setup();
    render(<PositionsTable snapshot={large} accountHash={null} />);
    // 2,500 positions + the cash row + header + totals.
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('2503');
    const inDom = bodyRows().length;
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(80);
    // Sorting still covers every row, not just the rendered window.
    await user.click(within(header('Symbol')).getByRole('button'));
    const all = sortRows(buildRows(large, null), { key: 'symbol', direction: 'asc' });
    expect(symbolsShown()[0]).toBe(all[0]!.display);
    expect(bodyRows()[0]!.getAttribute('aria-rowindex')).toBe('2');
  });

  it('builds the readable symbol for every sample option', () => {
    const options = snapshot.accounts.flatMap((a) => a.positions).filter((p) => p.assetType === 'OPTION');
    expect(options.map((p) => formatSymbol(p.symbol))).toEqual(['SPY 18 Dec 26 550 C', 'AAPL 15 Jan 27 200 P', 'KO 19 Feb 27 65 C']);
  });

  it('is sorted by weight by default in the full window', async () => {
    await renderDashboard();
    expect(header('Weight').getAttribute('aria-sort')).toBe('descending');
    expect(symbolsShown()[0]).toBe('SPY');
  });
});
