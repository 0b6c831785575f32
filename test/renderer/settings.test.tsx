// Settings: each control saves through updateSettings (checked against the contract's schema by the memory
// API), the theme lands on <html>, and sign out returns to the sign-in screen.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderDashboard } from './renderApp';

async function openSettings(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Settings' }));
  return screen.getByRole('dialog', { name: 'Settings' });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('settings panel', () => {
  it('saves the refresh interval and the off-hours behaviour', async () => {
    // The footer says the pace in force, so pin the window's clock inside regular hours (a Wednesday, 10:00 ET);
    // only Date is faked, so React and user events run normally.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-15T15:00:00Z'));
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openSettings(user);
    await user.selectOptions(within(dialog).getByLabelText('Refresh every'), '30');
    await user.selectOptions(within(dialog).getByLabelText('Outside market hours'), 'pause');
    expect(mem.callsTo('updateSettings')).toEqual([[{ refreshIntervalSec: 30 }], [{ offHours: 'pause' }]]);
    expect(within(dialog).queryByLabelText('Off-hours refresh every')).toBeNull();
    await user.selectOptions(within(dialog).getByLabelText('Outside market hours'), 'slow');
    await user.selectOptions(within(dialog).getByLabelText('Off-hours refresh every'), '300');
    expect(mem.state.settings).toMatchObject({ refreshIntervalSec: 30, offHours: 'slow', offHoursIntervalSec: 300 });
    expect(screen.getByRole('contentinfo').textContent).toContain('Refresh every 30 s');
  });

  it('switches privacy mode from its switch', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openSettings(user);
    const sw = within(dialog).getByRole('switch', { name: 'Privacy mode' });
    expect(sw.getAttribute('aria-checked')).toBe('false');
    await user.click(sw);
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('true'));
    expect(mem.state.settings.privacyMode).toBe(true);
  });

  it('sets the tray display, choosing an account when "one account" is picked', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openSettings(user);
    await user.selectOptions(within(dialog).getByLabelText('Show'), 'account');
    expect(mem.state.settings.trayShow).toBe('account');
    expect(mem.state.settings.trayAccount).toBe(mem.state.snapshot!.accounts[0]!.hash);
    const cash = mem.state.snapshot!.accounts[1]!;
    await user.selectOptions(within(dialog).getByLabelText('Account'), cash.hash);
    await user.selectOptions(within(dialog).getByLabelText('Display'), 'day-change');
    expect(mem.state.settings).toMatchObject({ trayAccount: cash.hash, trayFormat: 'day-change' });
  });

  it('applies the theme to the document', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    const dialog = await openSettings(user);
    await user.click(within(dialog).getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await user.click(within(dialog).getByRole('radio', { name: 'Light' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });

  it('shows an error when the host rejects a value', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openSettings(user);
    mem.failNext('updateSettings', 'Refresh interval must be at least 5 s');
    await user.selectOptions(within(dialog).getByLabelText('Refresh every'), '5');
    expect(await within(dialog).findByText(/Not saved: Refresh interval must be at least 5 s/)).toBeTruthy();
  });

  it('closes with Escape and gives focus back to the button that opened it', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    await openSettings(user);
    expect(screen.getByRole('dialog', { name: 'Settings' }).contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Settings' }));
  });

  it('signs out after a confirmation and returns to the sign-in screen', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openSettings(user);
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    expect(mem.callsTo('signOut')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Yes, sign out' }));
    await screen.findByRole('button', { name: 'Connect to Schwab' });
    expect(mem.callsTo('signOut')).toHaveLength(1);
    expect(screen.queryByText('$404,585.72')).toBeNull();
  });
});
