// Header, account tabs (ARIA tabs with arrow keys), balances per account type, history per range/account,
// Refresh, and live updates pushed by the host.
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSnapshot, SAMPLE_ACCOUNTS } from '../../renderer/src/testing/sampleSnapshot';
import { renderDashboard } from './renderApp';

const balances = (): HTMLElement => screen.getByRole('region', { name: /^Balances/ });

describe('header', () => {
  it('shows the total, the day change with ▲ and sign, and the as-of time', async () => {
    await renderDashboard();
    const header = screen.getByRole('banner');
    expect(within(header).getByText('$404,585.72')).toBeTruthy();
    const change = header.querySelector('.headline-change .change')!;
    expect(change.classList.contains('up')).toBe(true);
    expect(change.querySelector('.arrow')!.textContent).toBe('▲');
    expect(change.textContent).toContain('+$2,859.20');
    expect(change.textContent).toContain('(+0.71%)');
    expect(within(header).getByText((_, el) => el?.tagName === 'TIME').getAttribute('dateTime')).toBe('2026-11-27T20:59:30.000Z');
    expect(within(header).queryByText('DEMO')).toBeNull();
  });

  it('shows ▼ and red for a down day', async () => {
    const down = buildSnapshot({
      accounts: [{ ...SAMPLE_ACCOUNTS[1]!, holdings: SAMPLE_ACCOUNTS[1]!.holdings.map((h) => ({ ...h, previousClose: h.price * 1.02 })) }],
    });
    await renderDashboard({ snapshot: down });
    const change = screen.getByRole('banner').querySelector('.headline-change .change')!;
    expect(change.classList.contains('down')).toBe(true);
    expect(change.querySelector('.arrow')!.textContent).toBe('▼');
    expect(change.textContent).toMatch(/-\$[\d,]+\.\d\d \(-[\d.]+%\)/);
  });

  it('marks demo data clearly', async () => {
    await renderDashboard({ snapshot: buildSnapshot({ demo: true }) });
    expect(within(screen.getByRole('banner')).getByText('DEMO')).toBeTruthy();
  });

  it('refreshes on request and follows pushed snapshots', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(mem.callsTo('refreshNow')).toHaveLength(1);
    const ticked = buildSnapshot({
      asOf: '2026-11-27T21:00:00.000Z',
      accounts: SAMPLE_ACCOUNTS.map((a, i) => (i === 0 ? { ...a, cash: a.cash + 1000 } : a)),
    });
    act(() => mem.pushSnapshot(ticked));
    await waitFor(() => expect(within(screen.getByRole('banner')).getByText('$405,585.72')).toBeTruthy());
  });

  it('says what failed when a refresh fails', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    mem.failNext('refreshNow', 'Schwab answered 503');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Schwab answered 503')).toBeTruthy();
  });
});

describe('account switcher', () => {
  it('lists all accounts plus each one as ARIA tabs with value and day change', async () => {
    await renderDashboard();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.querySelector('.tab-title')!.textContent)).toEqual([
      'All accounts',
      '…4410 · MARGIN',
      '…7782 · CASH',
      '…1093 · MARGIN',
    ]);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[1]!.textContent).toContain('$300,354.17');
    expect(tabs[1]!.textContent).toContain('+$2,623.00 (+0.88%)');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
  });

  it('moves with arrow keys, Home and End (roving focus)', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1, -1]);
    tabs[0]!.focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getAllByRole('tab')[1]);
    expect(screen.getAllByRole('tab')[1]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{End}');
    expect(screen.getAllByRole('tab')[3]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowRight}');
    expect(screen.getAllByRole('tab')[0]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowLeft}');
    expect(screen.getAllByRole('tab')[3]!.getAttribute('aria-selected')).toBe('true');
  });

  it('shows buying power for MARGIN and cash available for trading for CASH', async () => {
    const user = userEvent.setup();
    const snap = buildSnapshot();
    await renderDashboard({ snapshot: snap });
    await user.click(screen.getByRole('tab', { name: /…4410 · MARGIN/ }));
    expect(within(balances()).getByText('Buying power')).toBeTruthy();
    expect(within(balances()).queryByText('Cash available for trading')).toBeNull();
    expect(within(balances()).getByText('$300,354.17')).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: /^Account/ })).toBeNull();

    await user.click(screen.getByRole('tab', { name: /…7782 · CASH/ }));
    expect(within(balances()).getByText('Cash available for trading')).toBeTruthy();
    expect(within(balances()).queryByText('Buying power')).toBeNull();
    expect(within(balances()).getByText('Cash available for trading').nextElementSibling!.textContent).toBe('$1,204.55');
    const rows = screen.getAllByRole('row').filter((r) => r.classList.contains('pos-row'));
    expect(rows.map((r) => r.querySelector('.sym')!.textContent)).toEqual(['VFIAX', 'SCHD', 'SWVXX', 'Cash & sweep']);
  });

  it('charts the selected account’s history for the chosen range', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    await waitFor(() => expect(mem.callsTo('getHistory')).toContainEqual(['1M']));
    await user.click(screen.getByRole('button', { name: '1Y' }));
    await waitFor(() => expect(mem.callsTo('getHistory')).toContainEqual(['1Y']));
    expect(screen.getByRole('button', { name: '1Y' }).getAttribute('aria-pressed')).toBe('true');
    const cash = buildSnapshot().accounts[1]!;
    await user.click(screen.getByRole('tab', { name: /…7782 · CASH/ }));
    await waitFor(() => expect(mem.callsTo('getHistory')).toContainEqual(['1Y', cash.hash]));
    await waitFor(() => expect(screen.getByTestId('history-summary').textContent).toContain('$76,650.55'));
    await user.click(screen.getByRole('button', { name: 'All' }));
    await waitFor(() => expect(mem.callsTo('getHistory')).toContainEqual(['ALL', cash.hash]));
    expect(screen.getByTestId('history-summary').textContent).toMatch(/since [A-Z][a-z]{2} \d+, \d{4}/);
  });

  it('says so when there is no history yet', async () => {
    await renderDashboard({ history: () => [] });
    expect(await screen.findByText(/No history for this range yet/)).toBeTruthy();
  });

  it('says recording has started when there is one point', async () => {
    await renderDashboard({ history: () => [{ time: Date.parse('2026-03-02T15:00:00Z') / 1000, value: 100 }] });
    expect(await screen.findByText(/Recording started/)).toBeTruthy();
  });

  it('falls back to all accounts when the selected account disappears', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    await user.click(screen.getByRole('tab', { name: /…1093 · MARGIN/ }));
    act(() => mem.pushSnapshot(buildSnapshot({ accounts: SAMPLE_ACCOUNTS.slice(0, 2) })));
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(3));
    expect(screen.getAllByRole('tab')[0]!.getAttribute('aria-selected')).toBe('true');
  });
});
