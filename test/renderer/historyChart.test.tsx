// The value-history card: the 1D figure uses the header's base (the previous close), longer ranges say
// since when, a range switch never shows the previous range's points as the new one's, and a flat series
// keeps a readable price scale.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/src/App';
import { widenFlatRange } from '../../renderer/src/components/HistoryChart';
import { createMemoryApi } from '../../renderer/src/testing/memoryApi';
import type { HistoryPoint, HistoryRange } from '../../common/contract';
import { renderDashboard } from './renderApp';

const summary = (): string => screen.getByTestId('history-summary').textContent!;

describe('history chart', () => {
  it('measures 1D from the previous close, the same figure as the header', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    const headerChange = screen.getByRole('banner').querySelector('.headline-change .change')!.textContent!;
    await user.click(screen.getByRole('button', { name: '1D' }));
    await waitFor(() => expect(summary()).toContain('since the previous close'));
    expect(summary()).toContain(headerChange);
  });

  it('labels longer ranges with the date they start from', async () => {
    const history = (range: HistoryRange): HistoryPoint[] =>
      range === '1M'
        ? [
            { time: Date.parse('2026-10-28T20:00:00Z') / 1000, value: 100_000 },
            { time: Date.parse('2026-11-27T20:00:00Z') / 1000, value: 101_000 },
          ]
        : [];
    await renderDashboard({ history });
    await waitFor(() => expect(summary()).toContain('since Oct 28, 2026'));
    expect(summary()).toContain('+$1,000.00');
    expect(summary()).toContain('(+1.00%)');
  });

  it('never shows the previous range’s points as the new range’s while it loads', async () => {
    const user = userEvent.setup();
    const mem = createMemoryApi();
    let release: (() => void) | null = null;
    const api = {
      ...mem.api,
      getHistory: async (range: HistoryRange, hash?: string) => {
        const points = await mem.api.getHistory(range, hash);
        if (range === '1D') await new Promise<void>((r) => (release = r));
        return points;
      },
    };
    render(<App api={api} />);
    await screen.findByRole('tablist', { name: 'Accounts' });
    await waitFor(() => expect(summary()).toMatch(/since [A-Z][a-z]{2} \d+, \d{4}/));
    await user.click(screen.getByRole('button', { name: '1D' }));
    expect(summary()).toBe('Loading history…');
    release!();
    await waitFor(() => expect(summary()).toContain('since the previous close'));
    expect(within(screen.getByRole('region', { name: /^Value history/ })).getByRole('button', { name: '1D' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps a flat series from zooming the price scale into one-cent steps', () => {
    const flat = widenFlatRange({ minValue: 100_000, maxValue: 100_000 });
    expect(flat.maxValue - flat.minValue).toBeCloseTo(100, 6);
    expect((flat.maxValue + flat.minValue) / 2).toBe(100_000);
    expect(widenFlatRange({ minValue: 5, maxValue: 5.01 }).maxValue - widenFlatRange({ minValue: 5, maxValue: 5.01 }).minValue).toBe(1);
    const real = { minValue: 99_000, maxValue: 101_000 };
    expect(widenFlatRange(real)).toBe(real);
  });
});
