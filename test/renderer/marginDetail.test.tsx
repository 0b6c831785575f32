// The margin detail in the balances card: the figures of the selected MARGIN account, none for CASH, and a
// margin call in red on the account and under "All accounts".
import { describe, expect, it } from 'vitest';
import { toCents } from '../../common/money/cents';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSnapshot, SAMPLE_ACCOUNTS } from '../../renderer/src/testing/sampleSnapshot';
import { renderDashboard } from './renderApp';

const balances = (): HTMLElement => screen.getByRole('region', { name: /^Balances/ });
const marginAccount = SAMPLE_ACCOUNTS.findIndex((a) => a.type === 'MARGIN');
const cashAccount = SAMPLE_ACCOUNTS.findIndex((a) => a.type === 'CASH');

describe('margin detail', () => {
  it('shows requirement, equity %, SMA, day-trading buying power and round trips for a MARGIN account', async () => {
    const user = userEvent.setup();
    const snapshot = buildSnapshot();
    await renderDashboard({ snapshot });
    const m = snapshot.accounts[marginAccount]!.margin!;
    await user.click(screen.getAllByRole('tab')[marginAccount + 1]!);
    const detail = within(balances()).getByTestId('margin-detail');
    const figure = (label: string): string => within(detail).getByText(label).closest('.figure')!.querySelector('dd')!.textContent!;
    expect(figure('Maintenance requirement')).toBe(`$${(m.maintenanceRequirement! / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(figure('Margin equity')).toMatch(/^\$[\d,]+\.\d\d \d+\.\d\d%$/);
    expect(figure('SMA')).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(figure('Day-trading buying power')).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(figure('Round trips (PDT)')).toBe('1');
    // Not sent for this account: left out, not shown as $0.00.
    expect(within(detail).queryByText('Option buying power')).toBeNull();
    expect(within(detail).queryByText('Unsettled cash')).toBeNull();
    expect(within(balances()).queryByRole('alert')).toBeNull();
  });

  it('shows no margin detail for a CASH account', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    await user.click(screen.getAllByRole('tab')[cashAccount + 1]!);
    expect(within(balances()).queryByTestId('margin-detail')).toBeNull();
  });

  it('shows a margin call in red with its amounts, on the account and under All accounts', async () => {
    const user = userEvent.setup();
    const accounts = SAMPLE_ACCOUNTS.map((a, i) =>
      i === marginAccount
        ? { ...a, margin: { isInCall: true, calls: [{ kind: 'reg-t' as const, amount: toCents(2500) }, { kind: 'maintenance' as const, amount: toCents(1234.56) }] } }
        : a,
    );
    await renderDashboard({ snapshot: buildSnapshot({ accounts }) });
    const all = within(balances()).getByRole('alert');
    expect(all.className).toContain('margin-call');
    expect(all.textContent).toContain('…4410');
    expect(all.textContent).toContain('Reg T call $2,500.00');

    await user.click(screen.getAllByRole('tab')[marginAccount + 1]!);
    const alert = within(balances()).getByRole('alert');
    expect(alert.textContent).toContain('Margin call');
    expect(alert.textContent).toContain('Reg T call $2,500.00');
    expect(alert.textContent).toContain('Maintenance call $1,234.56');
  });

  it('masks the margin amounts in privacy mode', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    await user.click(screen.getAllByRole('tab')[marginAccount + 1]!);
    await user.click(screen.getByRole('button', { name: 'Privacy mode' }));
    await screen.findAllByTitle('Hidden by privacy mode');
    expect(within(within(balances()).getByTestId('margin-detail')).queryByText(/\$\d/)).toBeNull();
  });
});
