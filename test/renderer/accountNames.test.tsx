// Accounts are named by their Schwab nickname (userPreference) on the tabs, the balances card and the chart,
// with the last digits and Schwab's kind of account beside it; without a nickname the digits lead.
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSnapshot, SAMPLE_ACCOUNTS } from '../../renderer/src/testing/sampleSnapshot';
import { renderDashboard } from './renderApp';

describe('account names', () => {
  it('shows the nickname and kind on the tab, the balances card and the chart title', async () => {
    const user = userEvent.setup();
    const accounts = SAMPLE_ACCOUNTS.map((a, i) => (i === 0 ? { ...a, nickname: 'Individual', kind: 'BROKERAGE' } : a));
    await renderDashboard({ snapshot: buildSnapshot({ accounts }) });
    const tab = screen.getByRole('tab', { name: /^Individual · …4410 · Brokerage · MARGIN/ });
    // An account without a nickname keeps its digits and type.
    expect(screen.getAllByRole('tab')[2]!.querySelector('.tab-title')!.textContent).toBe(`${SAMPLE_ACCOUNTS[1]!.displayNumber} · ${SAMPLE_ACCOUNTS[1]!.type}`);
    await user.click(tab);
    expect(within(screen.getByRole('region', { name: /^Balances/ })).getByText('Individual · …4410 · Brokerage · MARGIN')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /^Value history/ })).getByText('Individual · …4410 · Brokerage · MARGIN')).toBeTruthy();
  });
});
