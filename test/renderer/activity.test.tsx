// The Activity tab against the in-memory bridge: reached from the keyboard, working orders with their legs
// and limit/stop, today's fills, the figures labelled as estimates, the type filter and search, the backfill
// progress, a toast on a fill, privacy mode, and CSV exports saved through a Blob download link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_SETTINGS } from '../../common/contract';
import { MASK } from '../../common/format/numberFormat';
import { buildActivity, SAMPLE_FILLS } from '../../renderer/src/testing/sampleActivity';
import { pageText, renderDashboard } from './renderApp';

const DOLLAR_FIGURE = /\$\s?-?\d/;

let saved: Array<{ name: string; text: Promise<string> }>;
beforeEach(() => {
  saved = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, text: blobs.get(this.href)!.text() });
  });
});
afterEach(() => vi.restoreAllMocks());

async function openActivity(options: Parameters<typeof renderDashboard>[0] = {}) {
  const user = userEvent.setup();
  const r = await renderDashboard(options);
  const views = screen.getByRole('group', { name: 'View' });
  within(views).getByRole('button', { name: 'Portfolio' }).focus();
  await user.keyboard('{ArrowRight}');
  const activity = within(views).getByRole('button', { name: 'Activity' });
  expect(activity.getAttribute('aria-pressed')).toBe('true');
  expect(document.activeElement).toBe(activity);
  await screen.findByRole('heading', { name: /Working orders/ });
  return { ...r, user };
}

describe('Activity tab', () => {
  it('shows working orders with legs, limit/stop and filled/remaining, fills, and the estimated figures', async () => {
    await openActivity();
    const partly = screen.getByTestId('order-1003');
    expect(partly.textContent).toContain('SELL 100 AAPL');
    expect(partly.textContent).toContain('Limit $188.20');
    expect(partly.textContent).toContain('40 / 60');
    expect(partly.textContent).toContain('$188.15');
    expect(screen.getByTestId('order-1002-2').textContent).toContain('Stop $118.00');
    const fill = screen.getByTestId('fill-1003');
    expect(fill.textContent).toContain('SELL 40 AAPL');
    expect(fill.textContent).toContain('$7,526.00');
    expect(screen.getByTestId('realized-note').textContent).toMatch(/Estimated from Schwab transactions.*lot method may differ/);
    // Total realized today = the accounts' sum (612.40 + 0).
    expect(screen.getByTestId('fig-total-realizedCents-today').textContent).toBe('+$612.40');
    expect(screen.getByTestId('fig-total-incomeCents-monthToDate').textContent).toBe('$44.62');
  });

  it('filters transactions by type and search, through the bridge', async () => {
    const { user, mem } = await openActivity();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-12-31' } });
    await screen.findByTestId('tx-90000');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transaction type' }), 'DIVIDEND_OR_INTEREST');
    await waitFor(() => expect(screen.queryByTestId('tx-90004')).toBeNull());
    expect(screen.getByTestId('tx-90002')).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: /Search transactions/ }), 'balance');
    await waitFor(() => expect(screen.queryByTestId('tx-90002')).toBeNull());
    expect(screen.getByTestId('tx-90001')).toBeTruthy();
    const last = mem.callsTo('getTransactions').at(-1)!;
    expect(last[1]).toBe('DIVIDEND_OR_INTEREST');
    expect(last[2]).toBe('balance');
  });

  it('shows the backfill progress, then the result when the core pushes it', async () => {
    const { mem } = await openActivity({ activity: buildActivity({ sync: { phase: 'backfilling', done: 3, total: 24, lastSyncAt: null, error: null } }) });
    const bar = screen.getByRole('progressbar', { name: /Downloading a year/ });
    expect(bar.getAttribute('value')).toBe('3');
    expect(bar.getAttribute('max')).toBe('24');
    mem.pushActivity(buildActivity());
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(pageText()).toMatch(/Activity as of/);
  });

  it('toasts an order fill, without amounts in privacy mode', async () => {
    const { mem } = await openActivity();
    mem.pushOrderFilled({ fill: SAMPLE_FILLS[0]!, newQuantity: 40 });
    expect((await screen.findByRole('alert')).textContent).toContain('Order partly filled: SELL AAPL 40 at $188.15');
    mem.pushSettings({ ...DEFAULT_SETTINGS, privacyMode: true });
    await waitFor(() => expect(document.querySelector('.privacy-on')).not.toBeNull());
    mem.pushOrderFilled({ fill: { ...SAMPLE_FILLS[1]! }, newQuantity: 30 });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Order filled: BUY KO'));
    expect(screen.getByRole('alert').textContent).not.toMatch(/\d{2}\.\d{2}|\b30\b/);
  });

  it('masks every amount and quantity in privacy mode', async () => {
    await openActivity({ settings: { ...DEFAULT_SETTINGS, privacyMode: true } });
    await screen.findByTestId('tx-90004');
    const text = pageText();
    expect(text).not.toMatch(DOLLAR_FIGURE);
    expect(text).toContain(MASK);
    expect(screen.getByTestId('fill-1003').textContent).not.toContain('40');
  });

  it('exports the transactions of the chosen range and the positions the table shows', async () => {
    const { user, mem } = await openActivity();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const request = mem.callsTo('exportCsv')[0]![0] as { kind: string; range: { from: string; to: string } };
    expect(request.kind).toBe('transactions');
    expect(request.range.from <= request.range.to).toBe(true);
    expect(saved[0]!.name).toBe('arbion-transactions.csv');

    // Back to the portfolio: filter the table, export what it shows.
    await user.click(within(screen.getByRole('group', { name: 'View' })).getByRole('button', { name: 'Portfolio' }));
    await user.type(screen.getByRole('searchbox', { name: /Filter positions/ }), 'SPY');
    const table = screen.getByRole('region', { name: 'Positions (scrollable)' });
    await waitFor(() => expect(within(table).queryByText('TSLA')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]!.name).toBe('arbion-positions.csv');
    const rows = (mem.callsTo('exportCsv')[1]![0] as { rows: Array<{ symbol: string }> }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.symbol.startsWith('SPY'))).toBe(true);
    expect(await saved[1]!.text).toContain('SPY');
  });
});
