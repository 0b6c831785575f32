// Privacy mode masks every dollar amount in the window, and the quantities and weights that would give the
// values away beside a public quote (percentages of change stay), from the setting or the shortcut.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_SETTINGS } from '../../common/contract';
import { MASK } from '../../common/format/numberFormat';
import { pageText, renderDashboard } from './renderApp';

const DOLLAR_FIGURE = /\$\s?-?\d/;

describe('privacy mode', () => {
  it('leaves no "$" figure, quantity or weight anywhere in the window, but keeps percentages of change', async () => {
    await renderDashboard({ settings: { ...DEFAULT_SETTINGS, privacyMode: true } });
    await screen.findByTestId('history-summary');
    await waitFor(() => expect(screen.getByTestId('history-summary').textContent).toMatch(/since [A-Z][a-z]{2} \d+, \d{4}/));
    const text = pageText();
    expect(text).not.toMatch(DOLLAR_FIGURE);
    expect(text).toContain(MASK);
    expect(text).toContain('+0.71%'); // total day change percent
    expect(text).toContain('+1.35%'); // TSLA day change
    expect(text).not.toContain('21.81%'); // SPY weight
    const qty = screen.getAllByRole('row').map((r) => r.querySelector('.qty'));
    expect(qty.filter(Boolean)).toHaveLength(0); // every quantity masked
    // The option's description carries its strike as "$550" from Schwab; masked mode drops the "$".
    expect(text).toContain('SPDR S&P 500 ETF 12/18/2026 550 Call');
  });

  it('shows the amounts when off', async () => {
    await renderDashboard();
    const text = pageText();
    expect(text).toMatch(DOLLAR_FIGURE);
    expect(text).toContain('$404,585.72');
    expect(text).not.toContain(MASK);
  });

  it("masks a single account's balances and the diagnostics panel too", async () => {
    const user = userEvent.setup();
    await renderDashboard({ settings: { ...DEFAULT_SETTINGS, privacyMode: true } });
    await user.click(screen.getByRole('tab', { name: /…7782 · CASH/ }));
    await user.click(screen.getByRole('button', { name: 'Diagnostics' }));
    await screen.findByText('Recent activity');
    expect(pageText()).not.toMatch(DOLLAR_FIGURE);
  });

  it('toggles with Ctrl+Shift+P and saves the setting', async () => {
    const { mem } = await renderDashboard();
    expect(pageText()).toContain('$404,585.72');
    fireEvent.keyDown(window, { key: 'P', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(pageText()).not.toMatch(DOLLAR_FIGURE));
    expect(mem.callsTo('updateSettings')).toEqual([[{ privacyMode: true }]]);
    expect(mem.state.settings.privacyMode).toBe(true);

    fireEvent.keyDown(window, { key: 'p', metaKey: true, shiftKey: true });
    await waitFor(() => expect(pageText()).toContain('$404,585.72'));
    expect(mem.callsTo('updateSettings').at(-1)).toEqual([{ privacyMode: false }]);
  });

  it('toggles from the toolbar button, which reports its state', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const button = screen.getByRole('button', { name: 'Privacy mode' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await user.click(button);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(pageText()).not.toMatch(DOLLAR_FIGURE);
    expect(mem.state.settings.privacyMode).toBe(true);
  });

  it('follows a settings event from the host (e.g. the tray menu)', async () => {
    const { mem } = await renderDashboard();
    mem.pushSettings({ ...mem.state.settings, privacyMode: true });
    await waitFor(() => expect(pageText()).not.toMatch(DOLLAR_FIGURE));
    const header = screen.getByRole('banner');
    expect(within(header).getByText('+0.71%', { exact: false })).toBeTruthy();
  });

  it('puts the mask back when the host refuses the change', async () => {
    const { mem } = await renderDashboard();
    mem.failNext('updateSettings', 'settings file is read-only');
    fireEvent.keyDown(window, { key: 'P', ctrlKey: true, shiftKey: true });
    await screen.findByText(/Privacy mode not saved: settings file is read-only/);
    expect(pageText()).toContain('$404,585.72');
  });
});
