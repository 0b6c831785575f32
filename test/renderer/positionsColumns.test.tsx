// The positions table's newer columns and rows: mark/last from the refresh's quotes, the cash & sweep row that
// makes the table add up to the account value (weights to 100 %), footer percentages on a mixed long/short set
// against a labelled gross base, privacy for quantities and weights, and remembered sort and columns.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PositionsTable } from '../../renderer/src/components/PositionsTable';
import { TABLE_PREFS_KEY } from '../../renderer/src/components/tablePrefs';
import { PrivacyContext } from '../../renderer/src/privacyContext';
import { SAMPLE_ACCOUNTS, buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { MASK } from '../../common/format/numberFormat';
import type { PortfolioSnapshot } from '../../common/contract';

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
/** Cents as the window shows them. */
const usd = { format: (cents: number): string => dollars.format(cents / 100) };
const snapshot = buildSnapshot();
const margin = snapshot.accounts[0]!;

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.unstubAllGlobals();
});

const table = () => screen.getByRole('table');
const rowsOf = (cls: string) => within(table()).getAllByRole('row').filter((r) => r.classList.contains(cls));
const totalsRow = () => rowsOf('totals-row')[0]!;
const headerTexts = () => screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼↕]/g, '') ?? '');
function cell(row: HTMLElement, label: string): HTMLElement {
  const index = headerTexts().indexOf(label);
  expect(index, label).toBeGreaterThanOrEqual(0);
  return row.querySelectorAll('td, th')[index] as HTMLElement;
}
const rowFor = (text: string) => rowsOf('pos-row').find((r) => r.querySelector('.sym')?.textContent === text)!;

describe('mark and last', () => {
  it('shows the quote per share beside each position, and a dash with the reason when a symbol had no quote', () => {
    const unquoted: PortfolioSnapshot = structuredClone(snapshot);
    const msft = unquoted.accounts[0]!.positions.find((p) => p.symbol === 'MSFT')!;
    Object.assign(msft, { mark: null, lastPrice: null, netChange: null, netPercentChange: null, quoteTime: null });
    render(<PositionsTable snapshot={unquoted} accountHash={margin.hash} />);
    expect(cell(rowFor('NVDA'), 'Mark').textContent).toBe('$138.25');
    expect(cell(rowFor('NVDA'), 'Last').textContent).toBe('$138.25');
    expect(cell(rowFor('NVDA'), 'Mark').querySelector('[title]')!.getAttribute('title')).toMatch(/^Quote of /);
    const missing = cell(rowFor('MSFT'), 'Mark');
    expect(missing.textContent).toBe('—');
    expect(missing.querySelector('[title]')!.getAttribute('title')).toBe('No quote in the last refresh');
  });

  it('prints prices with 2 decimals from $1 and 4 below', () => {
    const cheap = buildSnapshot({
      accounts: [{ ...SAMPLE_ACCOUNTS[2]!, holdings: SAMPLE_ACCOUNTS[2]!.holdings.map((h) => (h.symbol.startsWith('KO ') ? { ...h, averagePrice: 0.8 } : h)) }],
    });
    render(<PositionsTable snapshot={cheap} accountHash={null} />);
    const call = rowFor('KO 19 Feb 27 65');
    expect(cell(call, 'Mark').textContent).toBe('$0.9500');
    expect(cell(call, 'Avg price').textContent).toBe('$0.8000');
    expect(cell(rowFor('KO'), 'Avg price').textContent).toBe('$58.40');
  });
});

describe('cash & sweep row', () => {
  it('completes one account: rows sum to its value and weights to 100 %', () => {
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    const [cash] = rowsOf('cash-row');
    expect(cash!.querySelector('.sym')!.textContent).toBe('Cash & sweep');
    expect(cell(cash!, 'Market value').textContent).toBe(usd.format(margin.cashBalance));
    const totals = totalsRow();
    expect(totals.textContent).toContain('Total · account value');
    expect(cell(totals, 'Market value').textContent).toBe(usd.format(margin.liquidationValue));
    expect(cell(totals, 'Weight').textContent).toBe('100.00%');
    expect(screen.getByRole('button', { name: /^Weight/ }).getAttribute('title')).toMatch(/Share of liquidation value/);
  });

  it('in all accounts, one cash row per account, and the total is the portfolio value at 100 %', () => {
    render(<PositionsTable snapshot={snapshot} accountHash={null} />);
    expect(rowsOf('cash-row')).toHaveLength(snapshot.accounts.length);
    expect(cell(totalsRow(), 'Market value').textContent).toBe(usd.format(snapshot.totals.liquidationValue));
    expect(cell(totalsRow(), 'Weight').textContent).toBe('100.00%');
  });
});

describe('footer percentages on a filtered, mixed long/short set', () => {
  it('measures day % and unrealized % against the gross base, and says so', async () => {
    const user = userEvent.setup();
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    // AAPL (300 long) and its put (3 short).
    await user.type(screen.getByRole('searchbox'), 'aapl');
    const totals = totalsRow();
    // Day: 300 × 2.30 + (−300) × (−0.25) = 765 on a gross previous value of 68,730 + 705.
    expect(cell(totals, 'Day %').textContent).toBe('+1.10% of gross');
    // Unrealized: 18,960 + 825 = 19,785 on a gross cost of 50,460 + 1,455 (net cost would give +40.37%).
    expect(cell(totals, 'Unrl. %').textContent).toBe('+38.11% of gross');
    expect(cell(totals, 'Unrl. %').querySelector('[title]')!.getAttribute('title')).toMatch(/gross cost/);
    expect(totals.textContent).toContain('Total · 2 shown');

    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'nvda');
    expect(cell(totalsRow(), 'Day %').textContent).not.toContain('gross'); // one-sided: no label needed
  });
});

describe('privacy mode', () => {
  it('hides quantities and weights (cash row and footer too), keeps the percentages of change', () => {
    render(
      <PrivacyContext.Provider value={true}>
        <PositionsTable snapshot={snapshot} accountHash={margin.hash} />
      </PrivacyContext.Provider>,
    );
    const tsla = rowFor('TSLA');
    expect(cell(tsla, 'Qty').textContent).toBe(MASK);
    expect(cell(tsla, 'Weight').textContent).toBe(MASK);
    expect(cell(rowsOf('cash-row')[0]!, 'Weight').textContent).toBe(MASK);
    expect(cell(totalsRow(), 'Weight').textContent).toBe(MASK);
    expect(cell(tsla, 'Day %').textContent).toBe('+1.35%');
    expect(table().textContent).not.toMatch(/\$\s?-?\d/);
    for (const r of rowsOf('pos-row')) expect(cell(r, 'Weight').textContent).not.toContain('%');
  });
});

describe('remembered sort and columns', () => {
  it('a chosen sort survives a reload', async () => {
    const user = userEvent.setup();
    const first = render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    await user.click(within(screen.getByRole('columnheader', { name: /^Market value/ })).getByRole('button'));
    expect(screen.getByRole('columnheader', { name: /^Market value/ }).getAttribute('aria-sort')).toBe('descending');
    first.unmount();

    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    expect(screen.getByRole('columnheader', { name: /^Market value/ }).getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /^Weight/ }).getAttribute('aria-sort')).toBeNull();
  });

  it('chosen columns survive a reload; a corrupt entry falls back to the defaults', async () => {
    const user = userEvent.setup();
    const first = render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    expect(headerTexts()).toContain('Description');
    expect(headerTexts()).not.toContain('Chg %');
    await user.click(screen.getByText('Columns'));
    await user.click(screen.getByRole('checkbox', { name: 'Description' }));
    await user.click(screen.getByRole('checkbox', { name: 'Chg %' }));
    expect(headerTexts()).not.toContain('Description');
    expect(headerTexts()).toContain('Chg %');
    first.unmount();

    const second = render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    expect(headerTexts()).not.toContain('Description');
    expect(headerTexts()).toContain('Chg %');
    second.unmount();

    localStorage.setItem(TABLE_PREFS_KEY, '{"sort":{"key":"nope","direction":"up"},"columns":{"description":"yes"}');
    render(<PositionsTable snapshot={snapshot} accountHash={margin.hash} />);
    expect(headerTexts()).toContain('Description');
    expect(screen.getByRole('columnheader', { name: /^Weight/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('the compact layout hides the less important columns by default; a column turned on there stays on', async () => {
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query === '(max-width: 999px)',
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    const user = userEvent.setup();
    const first = render(<PositionsTable snapshot={snapshot} accountHash={null} />);
    expect(headerTexts()).toEqual(['Account', 'Symbol', 'Qty', 'Mark', 'Market value', 'Day P&L', 'Day %', 'Weight']);
    await user.click(screen.getByText('Columns'));
    await user.click(screen.getByRole('checkbox', { name: 'Unrealized P&L' }));
    first.unmount();
    render(<PositionsTable snapshot={snapshot} accountHash={null} />);
    expect(headerTexts()).toContain('Unrealized P&L');
  });
});
