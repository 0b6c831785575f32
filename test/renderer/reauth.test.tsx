// The sign-in deadline: countdown and "Renew now" in the last 24 h; when Schwab requires a new sign-in the
// cached portfolio stays visible but greyed, with its age, and nothing pretends to refresh.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { buildAuthState } from '../support/authState';
import { renderDashboard } from './renderApp';

const NOW = Date.parse('2026-11-27T21:00:00.000Z');
const at = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();
const H = 3600_000;

beforeEach(() => {
  // Only the clock is faked; timers stay real so React and user-event run normally.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('refresh-token countdown', () => {
  it('is absent while more than 24 h remain', async () => {
    await renderDashboard({ auth: buildAuthState({ refreshExpiresAt: at(25 * H) }) });
    expect(screen.queryByTestId('reauth-banner')).toBeNull();
  });

  it('counts down in the last 24 h and offers Renew now', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard({ auth: buildAuthState({ refreshExpiresAt: at(5 * H + 12 * 60_000 + 30_000) }) });
    const banner = screen.getByTestId('reauth-banner');
    expect(within(banner).getByTestId('reauth-countdown').textContent).toBe('5 h 12 min');
    expect(banner.classList.contains('warn')).toBe(true);
    await user.click(within(banner).getByRole('button', { name: 'Renew now' }));
    await waitFor(() => expect(mem.callsTo('signIn')).toHaveLength(1));
    // The renewal runs beside the portfolio instead of replacing it.
    expect(await screen.findByText('Waiting for Schwab…')).toBeTruthy();
    expect(screen.getByRole('tablist', { name: 'Accounts' })).toBeTruthy();
  });

  it('moves as time passes and turns urgent in the last hour', async () => {
    // The banner's ticker is a setInterval; fake it with the clock so two minutes pass at once.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
    const intervals = vi.spyOn(globalThis, 'setInterval');
    await renderDashboard({ auth: buildAuthState({ refreshExpiresAt: at(61 * 60_000) }) });
    // The ticker starts in an effect React runs a turn after the banner's commit: let React take its turns
    // until it has started, so the clock does not move before anything listens to it.
    const tickerStarted = (): boolean => intervals.mock.calls.some(([, ms]) => ms === 30_000);
    for (let turn = 0; turn < 100 && !tickerStarted(); turn++) await act(() => new Promise<void>((r) => setImmediate(r)));
    expect(tickerStarted()).toBe(true);
    expect(screen.getByTestId('reauth-countdown').textContent).toBe('1 h 1 min');
    expect(screen.getByTestId('reauth-banner').classList.contains('warn')).toBe(true);
    act(() => vi.advanceTimersByTime(2 * 60_000));
    expect(screen.getByTestId('reauth-countdown').textContent).toBe('59 min');
    expect(screen.getByTestId('reauth-banner').classList.contains('danger')).toBe(true);
    act(() => vi.advanceTimersByTime(59 * 60_000 + 1000));
    expect(screen.getByTestId('reauth-banner').textContent).toContain('Your Schwab sign-in has expired');
  });
});

describe('re-auth required', () => {
  const cached = buildSnapshot({
    asOf: at(-(2 * H + 14 * 60_000)),
    source: 'cache',
    freshness: 'reauth-required',
    freshnessReason: 'Schwab no longer accepts the saved sign-in.',
  });
  const auth = buildAuthState({ status: 'reauth-required', reason: 'Your 7-day Schwab sign-in ended.', refreshExpiresAt: at(-H) });

  it('blocks with a banner but keeps the cached portfolio visible, greyed, with its age', async () => {
    await renderDashboard({ snapshot: cached, auth });
    const banner = screen.getByTestId('reauth-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('Your 7-day Schwab sign-in ended.');
    expect(within(banner).getByTestId('cached-age').textContent).toBe('2 h 14 min old');

    const content = screen.getByTestId('portfolio-content');
    expect(content.classList.contains('greyed')).toBe(true);
    expect(content.textContent).toContain('Cached data · 2 h 14 min old');
    // Still all there: accounts, balances, positions.
    expect(screen.getAllByRole('tab')).toHaveLength(4);
    expect(within(content).getAllByText('$404,585.72').length).toBeGreaterThan(0);
    expect(within(content).getByText('SPY 18 Dec 26 550')).toBeTruthy();
    expect(screen.getByTestId('freshness-badge').textContent).toContain('Re-auth required');
    expect((screen.getByRole('button', { name: 'Refresh' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('signs in again from the banner', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard({ snapshot: cached, auth });
    await user.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(mem.callsTo('signIn')).toHaveLength(1));
  });

  it('un-greys once a live snapshot and a signed-in state arrive', async () => {
    const { mem } = await renderDashboard({ snapshot: cached, auth });
    act(() => {
      mem.pushAuthState({ ...auth, status: 'signed-in', reason: null, refreshExpiresAt: at(7 * 24 * H) });
      mem.pushSnapshot(buildSnapshot({ asOf: at(0) }));
    });
    await waitFor(() => expect(screen.getByTestId('portfolio-content').classList.contains('greyed')).toBe(false));
    expect(screen.queryByTestId('reauth-banner')).toBeNull();
    expect(screen.getByTestId('freshness-badge').textContent).toContain('Live');
  });
});
