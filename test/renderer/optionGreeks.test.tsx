// Option greeks in the window: the Delta/Theta/IV/DTE columns (off by default, remembered), the balances
// card's portfolio delta and theta per day (only once an option has greeks), and the flash on changed cells.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BalancesCard } from '../../renderer/src/components/BalancesCard';
import { FLASH_MS, PositionsTable } from '../../renderer/src/components/PositionsTable';
import { PrivacyContext } from '../../renderer/src/privacyContext';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { reducePortfolio } from '../../common/portfolio/reducer';
import { MASK } from '../../common/format/numberFormat';
import type { PortfolioSnapshot, PricePatch } from '../../common/contract';

const CALL = 'SPY   261218C00550000';
const PUT = 'AAPL  270115P00200000';
const T1 = '2026-11-27T21:00:05.000Z';
const T2 = '2026-11-27T21:00:06.000Z';

function withGreeks(base: PortfolioSnapshot, prices: PricePatch[]): PortfolioSnapshot {
  const next = reducePortfolio(base, { type: 'prices', prices }).snapshot;
  if (!next) throw new Error('the prices changed nothing');
  return next;
}
const base = buildSnapshot();
const streamed = withGreeks(base, [
  { symbol: CALL, mark: 61.35, asOf: T1, greeks: { delta: 0.62, theta: -0.15, iv: 18.5, daysToExpiration: 386 } },
  { symbol: PUT, mark: 2.2, asOf: T1, greeks: { delta: -0.3, theta: -0.04, iv: 27.25, daysToExpiration: 414 } },
]);
const margin = streamed.accounts[0]!;

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.unstubAllGlobals();
});

const headerTexts = () => screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼↕]/g, '') ?? '');
const positionRows = () => within(screen.getByRole('table')).getAllByRole('row').filter((r) => r.classList.contains('pos-row'));
const rowFor = (text: string) => positionRows().find((r) => r.querySelector('.sym')?.textContent === text)!;
function cell(row: HTMLElement, label: string): HTMLElement {
  const index = headerTexts().indexOf(label);
  expect(index, label).toBeGreaterThanOrEqual(0);
  return row.querySelectorAll('td, th')[index] as HTMLElement;
}

describe('greek columns', () => {
  it('are off by default; turned on they show each option’s streamed figures, a dash before the stream, nothing for stocks; the choice is remembered', async () => {
    const user = userEvent.setup();
    const first = render(<PositionsTable snapshot={streamed} accountHash={null} />);
    for (const label of ['Delta', 'Theta', 'IV', 'DTE']) expect(headerTexts()).not.toContain(label);
    await user.click(screen.getByText('Columns'));
    for (const label of ['Delta', 'Theta', 'IV', 'DTE']) await user.click(screen.getByRole('checkbox', { name: label }));
    const call = rowFor('SPY 18 Dec 26 550');
    expect([cell(call, 'Delta'), cell(call, 'Theta'), cell(call, 'IV'), cell(call, 'DTE')].map((c) => c.textContent)).toEqual(['+0.62', '-0.15', '18.50%', '386d']);
    expect(cell(rowFor('AAPL 15 Jan 27 200'), 'Delta').textContent).toBe('-0.30');
    // The KO call has had no stream tick: a dash that says so; a stock row shows nothing.
    const ko = cell(rowFor('KO 19 Feb 27 65'), 'Delta');
    expect(ko.textContent).toBe('—');
    expect(ko.querySelector('[title]')!.getAttribute('title')).toBe('Not quoted yet');
    expect(cell(rowFor('NVDA'), 'Delta').textContent).toBe('');
    first.unmount();
    render(<PositionsTable snapshot={streamed} accountHash={null} />);
    for (const label of ['Delta', 'Theta', 'IV', 'DTE']) expect(headerTexts()).toContain(label);
  });
});

describe('balances card option risk', () => {
  const figure = (id: string) => screen.getByTestId(id).querySelector('dd')!.textContent;

  it('shows portfolio delta in shares and theta per day per account and in total, only once an option has greeks', () => {
    const plain = render(<BalancesCard snapshot={base} account={base.accounts[0]!} />);
    expect(screen.queryByTestId('portfolio-delta')).toBeNull();
    expect(screen.queryByTestId('theta-per-day')).toBeNull();
    plain.unmount();

    // 0.62 × 5 × 100 + (−0.30 × −3 × 100) + 150 SPY + 300 AAPL = 850 shares; −$75.00 + $12.00 theta.
    const account = render(<BalancesCard snapshot={streamed} account={margin} />);
    expect(figure('portfolio-delta')).toBe('+850 sh');
    expect(figure('theta-per-day')).toContain('-$63.00');
    account.unmount();

    render(<BalancesCard snapshot={streamed} account={null} />);
    expect(figure('portfolio-delta')).toBe('+850 sh');
    expect(figure('theta-per-day')).toContain('-$63.00');
    expect(screen.getByText('Portfolio delta').getAttribute('title')).toMatch(/\(1 option without greeks yet\)$/);
  });

  it('privacy mode hides both', () => {
    render(
      <PrivacyContext.Provider value={true}>
        <BalancesCard snapshot={streamed} account={margin} />
      </PrivacyContext.Provider>,
    );
    expect(figure('portfolio-delta')).toBe(MASK);
    expect(figure('theta-per-day')).toContain(MASK);
    expect(figure('theta-per-day')).not.toMatch(/\d/);
  });
});

describe('flash on change', () => {
  const flashing = (el: HTMLElement) => el.classList.contains('flash');
  afterEach(() => {
    vi.useRealTimers();
  });
  const ticked = withGreeks(streamed, [{ symbol: 'NVDA', mark: 140.25, asOf: T2 }]);

  it('a patch tints the cells that changed and only those, for a moment; a change meanwhile extends it', () => {
    vi.useFakeTimers();
    const view = render(<PositionsTable snapshot={streamed} accountHash={margin.hash} />);
    expect(positionRows().some((r) => [...r.querySelectorAll('td')].some(flashing))).toBe(false);
    view.rerender(<PositionsTable snapshot={ticked} accountHash={margin.hash} />);
    const nvda = rowFor('NVDA');
    expect(flashing(cell(nvda, 'Mark'))).toBe(true);
    expect(flashing(cell(nvda, 'Market value'))).toBe(true);
    expect(flashing(cell(nvda, 'Qty'))).toBe(false);
    expect(flashing(cell(rowFor('MSFT'), 'Mark'))).toBe(false);
    vi.advanceTimersByTime(FLASH_MS / 2);
    view.rerender(<PositionsTable snapshot={withGreeks(ticked, [{ symbol: 'NVDA', mark: 141, asOf: '2026-11-27T21:00:07.000Z' }])} accountHash={margin.hash} />);
    // The Mark changed again half-way: it stays tinted a whole moment from then.
    vi.advanceTimersByTime(FLASH_MS / 2 + 1);
    expect(flashing(cell(rowFor('NVDA'), 'Mark'))).toBe(true);
    expect(flashing(cell(rowFor('NVDA'), 'Qty'))).toBe(false);
    vi.advanceTimersByTime(FLASH_MS / 2);
    expect(flashing(cell(rowFor('NVDA'), 'Mark'))).toBe(false);
    expect(positionRows().some((r) => [...r.querySelectorAll('td')].some(flashing))).toBe(false);
  });

  it('does not flash when the system asks for reduced motion', () => {
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query === '(prefers-reduced-motion: reduce)',
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    const view = render(<PositionsTable snapshot={streamed} accountHash={margin.hash} />);
    view.rerender(<PositionsTable snapshot={ticked} accountHash={margin.hash} />);
    expect(flashing(cell(rowFor('NVDA'), 'Mark'))).toBe(false);
    expect(flashing(cell(rowFor('NVDA'), 'Market value'))).toBe(false);
  });
});
