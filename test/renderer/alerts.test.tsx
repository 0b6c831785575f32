// Settings → Alerts and the window's alert list against the in-memory API: a refused rule shows the host's
// sentence in the form and is not listed; a built-in is turned off through its switch; quiet hours save as
// settings; a pushed feed appears in the list and is marked seen once shown.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderDashboard } from './renderApp';

describe('alerts in the window', () => {
  it('refuses a bad level in the form, saves a good rule, turns a built-in off, saves quiet hours', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const form = within(dialog).getByRole('form', { name: 'New alert' });
    await user.type(within(form).getByLabelText('Symbol'), 'AAPL');
    await user.type(within(form).getByLabelText('Price ($)'), '0');
    await user.click(within(form).getByRole('button', { name: 'Add alert' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The price level must be a positive number of dollars, not 0.');
    const rules = within(dialog).getByRole('list', { name: 'Alert rules' });
    expect(within(rules).getAllByRole('listitem')).toHaveLength(5);

    await user.clear(within(form).getByLabelText('Price ($)'));
    await user.type(within(form).getByLabelText('Price ($)'), '$250');
    await user.click(within(form).getByRole('button', { name: 'Add alert' }));
    await waitFor(() => expect(within(rules).getAllByRole('listitem')).toHaveLength(6));
    expect(mem.callsTo('addAlert').at(-1)).toEqual([{ kind: 'price', symbol: 'AAPL', direction: 'above', level: 250 }]);
    expect(within(form).queryByRole('alert')).toBeNull();

    await user.click(within(rules).getByRole('switch', { name: 'A margin account goes into a call' }));
    expect(mem.callsTo('setAlertEnabled')).toEqual([[1, false]]);

    await user.type(within(dialog).getByLabelText('Quiet hours from'), '22:00');
    await waitFor(() => expect(mem.state.settings.alertQuietStart).toBe('22:00'));
  });

  it('sets the low-buying-power level beside its switch; a bad level shows the sentence and saves nothing', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const level = within(dialog).getByRole('form', { name: 'Buying power level' });
    const input = within(level).getByLabelText('Below ($, empty: $0)');
    await user.type(input, '-5');
    await user.click(within(level).getByRole('button', { name: 'Set level' }));
    expect((await within(level).findByRole('alert')).textContent).toBe('The buying-power level must be a positive number of dollars, not -5.');
    expect(mem.callsTo('setAlertLevel')).toEqual([[4, -5]]);
    expect(within(dialog).getByRole('switch', { name: "An account's buying power falls below $0.00" })).toBeTruthy();

    await user.clear(input);
    await user.type(input, '$2,500');
    await user.click(within(level).getByRole('button', { name: 'Set level' }));
    await waitFor(() => expect(within(dialog).getByRole('switch', { name: "An account's buying power falls below $2,500.00" })).toBeTruthy());
    expect(mem.callsTo('setAlertLevel').at(-1)).toEqual([4, 2500]);
    expect(within(level).queryByRole('alert')).toBeNull();
  });

  it('lists a fired alert and marks it seen', async () => {
    const { mem } = await renderDashboard();
    mem.pushAlertFeed({
      recent: [{ id: 7, ruleId: 3, at: '2026-03-02T15:00:00.000Z', title: 'AAPL above $250.00', body: 'AAPL is at $251.00 (mark).', notified: true, seen: false }],
      unseen: 1,
    });
    const list = await screen.findByRole('region', { name: 'Alerts' });
    expect(within(list).getByText('AAPL above $250.00')).toBeTruthy();
    await waitFor(() => expect(mem.callsTo('markAlertsSeen')).toHaveLength(1));
  });
});
