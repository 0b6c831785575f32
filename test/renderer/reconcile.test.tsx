// The window over the sandbox's moving portfolio: every total it displays equals the sum of the parts it
// displays, to the cent, read from the DOM — the table footer against its rows, the account tabs against
// the header total — after each full snapshot and after price patches applied by the window's reducer.
import { act, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PortfolioSnapshot, PricePatch } from '../../common/contract';
import { startMovingPortfolio, type MovingPortfolio } from '../support/movingPortfolio';
import { renderDashboard } from './renderApp';
import { SURROUNDING_FIGURES_MS } from '../../renderer/src/components/Dashboard';

let moving: MovingPortfolio;

beforeAll(async () => {
  moving = await startMovingPortfolio();
});
afterAll(async () => {
  await moving?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** "$1,234.56" → 123456, "-$12.00" → -1200, "+$0.50" → 50. */
function centsOf(el: Element | null): number {
  const text = el?.textContent ?? '';
  const m = /([+\-−]?)\$([\d,]+\.\d\d)/.exec(text);
  if (!m) throw new Error(`no dollar figure in ${JSON.stringify(text)}`);
  const magnitude = Number(m[2]!.replace(/,/g, '').replace('.', ''));
  return m[1] === '-' || m[1] === '−' ? -magnitude : magnitude;
}

const sum = (xs: readonly number[]): number => xs.reduce((n, x) => n + x, 0);

/** The table shown: its body rows and its footer, for one column's cells. */
function tableSums(className: string): { rows: number; footer: number; count: number } {
  const table = screen.getByRole('table');
  const body = [...table.querySelectorAll('tbody tr')].filter((r) => r.querySelector(`td.${className}`));
  const expected = Number(table.getAttribute('aria-rowcount')) - 2; // minus the header and the totals row
  expect(body.length, 'every row is in the DOM').toBe(expected);
  const cells = body.map((r) => r.querySelector(`td.${className}`)!).filter((c) => (c.textContent ?? '') !== '');
  return { rows: sum(cells.map(centsOf)), footer: centsOf(table.querySelector(`tfoot td.${className}`)), count: body.length };
}

function expectWindowReconciles(label: string): number {
  const header = centsOf(document.querySelector('.headline-value .big-figure'));
  const headerDay = centsOf(document.querySelector('.headline-change'));
  const tabs = screen.getAllByRole('tab');
  const [all, ...accounts] = tabs;
  const allValue = centsOf(all!.querySelector('.tab-value'));
  expect(allValue, `${label}: All accounts tab`).toBe(header);
  expect(sum(accounts.map((t) => centsOf(t.querySelector('.tab-value')))), `${label}: account tabs`).toBe(header);
  expect(sum(accounts.map((t) => centsOf(t.querySelector('.tab-change')))), `${label}: account day changes`).toBe(headerDay);

  for (const tab of tabs) {
    act(() => {
      fireEvent.click(tab);
    });
    const value = centsOf(tab.querySelector('.tab-value'));
    const mv = tableSums('col-mv');
    expect(mv.footer, `${label}: ${tab.id} footer vs rows`).toBe(mv.rows);
    expect(mv.footer, `${label}: ${tab.id} footer vs tab`).toBe(value);
    const day = tableSums('col-pl');
    expect(day.footer, `${label}: ${tab.id} day P&L footer vs rows`).toBe(day.rows);
    expect(day.footer, `${label}: ${tab.id} day P&L footer vs tab`).toBe(centsOf(tab.querySelector('.tab-change')));
  }
  act(() => {
    fireEvent.click(all!);
  });
  return header;
}

/** A new mark for a few held symbols, a second after the snapshot and after their last quotes. */
function pricesFor(snapshot: PortfolioSnapshot, step: number): PricePatch[] {
  const positions = snapshot.accounts.flatMap((a) => a.positions);
  const held = [...new Map(positions.map((p) => [p.symbol, p])).values()].filter((p) => p.mark !== null);
  const latest = Math.max(Date.parse(snapshot.asOf), ...positions.map((p) => (p.quoteTime === null ? 0 : Date.parse(p.quoteTime))));
  const at = new Date(latest + 1_000).toISOString();
  return held.slice(step % 3, (step % 3) + 3).map((p) => ({ symbol: p.symbol, mark: Math.round(p.mark! * 1.0137 * 100) / 100 + 0.01, asOf: at }));
}

describe('the window reconciles over the moving sandbox', () => {
  it('the table takes every patch at once; the header the first after a quiet moment, a quick second one a moment later', async () => {
    const { mem } = await renderDashboard({ snapshot: moving.first });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    act(() => void vi.advanceTimersByTime(SURROUNDING_FIGURES_MS));
    const headline = (): number => centsOf(document.querySelector('.headline-value .big-figure'));
    const footer = (): number => centsOf(screen.getByRole('table').querySelector('tfoot td.col-mv'));
    const start = headline();

    act(() => mem.pushPrices(pricesFor(moving.first, 1)));
    const first = headline();
    expect(first, 'the first change shows at once').not.toBe(start);
    expect(footer()).toBe(first);

    const second = pricesFor(moving.first, 1);
    const later = new Date(Date.parse(second[0]!.asOf) + 5_000).toISOString();
    act(() => mem.pushPrices(second.map((p) => ({ ...p, mark: Math.round(p.mark * 105) / 100, asOf: later }))));
    expect(footer(), 'the table moved').not.toBe(first);
    expect(headline(), 'the header waits for the moment to pass').toBe(first);
    act(() => void vi.advanceTimersByTime(SURROUNDING_FIGURES_MS));
    expect(headline()).toBe(footer());
    expectWindowReconciles('settled');
  });

  it('footer = rows, tabs = header, after every snapshot and every price patch', async () => {
    const { mem } = await renderDashboard({ snapshot: moving.first });
    // The figures around the table take a change at most every SURROUNDING_FIGURES_MS: step past it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const settle = (): void => act(() => void vi.advanceTimersByTime(SURROUNDING_FIGURES_MS));
    const seen = new Set<number>();
    seen.add(expectWindowReconciles('first'));
    for (let step = 1; step <= 12; step++) {
      const snapshot = await moving.step(2);
      act(() => mem.pushSnapshot(snapshot));
      settle();
      expect(centsOf(document.querySelector('.headline-value .big-figure'))).toBe(snapshot.totals.liquidationValue);
      seen.add(expectWindowReconciles(`snapshot ${step}`));

      const before = snapshot.totals.liquidationValue;
      act(() => mem.pushPrices(pricesFor(snapshot, step)));
      settle();
      const patched = expectWindowReconciles(`patch ${step}`);
      expect(patched, 'the patch moved the total').not.toBe(before);
      seen.add(patched);
    }
    expect(seen.size).toBeGreaterThan(12);
  });
});
