// The tray's text and menu as pure functions: every format, privacy, every freshness state, account choice.
import { describe, expect, it } from 'vitest';
import { toCents } from '../../common/money/cents';
import { DEFAULT_SETTINGS, type AccountView, type AuthState, type Freshness, type PortfolioSnapshot, type Settings } from '../../common/contract';
import { buildAuthState } from '../support/authState';
import {
  MAX_TOOLTIP,
  buildTrayView,
  formatFigure,
  formatMoneyChange,
  formatPercent,
  type TrayMenuItem,
} from '../../main/electron/trayModel';
import { formatDuration } from '../../main/electron/durationText';

const NOW = Date.parse('2026-03-02T15:00:00Z');

function account(over: Partial<AccountView>): AccountView {
  return {
    accountNumber: '…4410',
    displayNumber: '…4410',
    hash: 'H4410',
    type: 'MARGIN',
    liquidationValue: toCents(0),
    cashBalance: toCents(0),
    sweepBalance: toCents(0),
    cashWeightPercent: 0,
    buyingPower: toCents(0),
    cashAvailableForTrading: toCents(0),
    dayChange: toCents(0),
    dayChangePercent: 0,
    longValue: toCents(0),
    shortValue: toCents(0),
    positions: [],
    ...over,
  };
}

function snapshot(freshness: Freshness = 'fresh', over: Partial<PortfolioSnapshot> = {}): PortfolioSnapshot {
  return {
    asOf: '2026-03-02T14:59:50Z',
    source: 'live',
    freshness,
    freshnessReason: freshness === 'fresh' ? null : 'reason',
    demo: false,
    accounts: [
      account({ hash: 'H4410', displayNumber: '…4410', liquidationValue: toCents(52110.33), dayChange: toCents(414.1), dayChangePercent: 0.8 }),
      account({ hash: 'H7781', displayNumber: '…7781', type: 'CASH', buyingPower: null, liquidationValue: toCents(76299.74), dayChange: toCents(-12), dayChangePercent: -0.0157 }),
    ],
    totals: { liquidationValue: toCents(128410.07), cashBalance: toCents(1000), dayChange: toCents(918.23), dayChangePercent: 0.72, buyingPower: null, longValue: toCents(0), shortValue: toCents(0), positionCount: 0 },
    ...over,
  };
}

function auth(over: Partial<AuthState> = {}): AuthState {
  return buildAuthState({
    accessExpiresAt: null,
    refreshExpiresAt: new Date(NOW + 6 * 86_400_000 + 23 * 3_600_000 + 5 * 60_000).toISOString(),
    signedInAt: new Date(NOW - 55 * 60_000).toISOString(),
    ...over,
  });
}

const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });
const view = (s: PortfolioSnapshot | null, a: AuthState | null, st: Settings = settings()) =>
  buildTrayView({ snapshot: s, auth: a, settings: st, now: NOW, timeZone: 'UTC' });
const labels = (menu: TrayMenuItem[]) => menu.map((i) => (i.kind === 'separator' ? '---' : i.label));

describe('number formats', () => {
  it('formats percentages with an arrow for the direction', () => {
    expect(formatPercent(0.72)).toBe('▲0.72%');
    expect(formatPercent(-1.049)).toBe('▼1.05%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(-0.001)).toBe('0.00%');
  });

  it('formats money changes', () => {
    expect(formatMoneyChange(toCents(924.1))).toBe('▲$924.10');
    expect(formatMoneyChange(toCents(-12))).toBe('▼$12.00');
    expect(formatMoneyChange(toCents(0.004))).toBe('$0.00');
  });

  it.each([
    ['value-and-percent', '$128,410.07 ▲0.72%'],
    ['value', '$128,410.07'],
    ['percent', '▲0.72%'],
    ['day-change', '▲$918.23'],
  ] as const)('%s → %s', (format, text) => {
    expect(formatFigure(snapshot().totals, format, false)).toBe(text);
  });

  it.each(['value-and-percent', 'value', 'percent', 'day-change'] as const)('privacy mode shows only the percentage (%s)', (format) => {
    expect(formatFigure(snapshot().totals, format, true)).toBe('▲0.72%');
  });

  it('formats countdowns', () => {
    expect(formatDuration(6 * 86_400_000 + 23 * 3_600_000 + 59 * 60_000)).toBe('6 d 23 h');
    expect(formatDuration(2 * 86_400_000)).toBe('2 d');
    expect(formatDuration(5 * 3_600_000 + 12 * 60_000)).toBe('5 h 12 min');
    expect(formatDuration(42 * 60_000 + 5_000)).toBe('43 min');
    expect(formatDuration(10_000)).toBe('1 min');
    expect(formatDuration(-5)).toBe('0 min');
  });
});

describe('title and tooltip', () => {
  it('shows the total and day change when fresh, icon not dimmed', () => {
    const v = view(snapshot(), auth());
    expect(v.status).toBe('fresh');
    expect(v.title).toBe('$128,410.07 ▲0.72%');
    expect(v.tooltip).toBe('Arbion: Total $128,410.07 ▲0.72%\nUpdated 2:59 PM');
    expect(v.dimmed).toBe(false);
  });

  it('streaming: the total, not dimmed, and the last tick time', () => {
    const v = view({ ...snapshot(), freshness: 'streaming' }, auth());
    expect(v.status).toBe('streaming');
    expect(v.title).toBe('$128,410.07 ▲0.72%');
    expect(v.tooltip).toBe('Arbion: Total $128,410.07 ▲0.72%\nStreaming: last tick 2:59 PM');
    expect(v.dimmed).toBe(false);
  });

  it('shows one account when the user picked it', () => {
    const v = view(snapshot(), auth(), settings({ trayShow: 'account', trayAccount: 'H7781' }));
    expect(v.title).toBe('$76,299.74 ▼0.02%');
    expect(v.tooltip.split('\n')[0]).toBe('Arbion: Cash …7781 $76,299.74 ▼0.02%');
  });

  it('falls back to the total when the picked account is gone', () => {
    expect(view(snapshot(), auth(), settings({ trayShow: 'account', trayAccount: 'GONE' })).title).toBe('$128,410.07 ▲0.72%');
  });

  it('privacy mode: no dollar amount anywhere — title, tooltip or menu', () => {
    const v = view(snapshot(), auth(), settings({ privacyMode: true, trayFormat: 'value' }));
    expect(v.title).toBe('▲0.72%');
    expect(v.tooltip).not.toContain('$');
    expect(JSON.stringify(v.menu)).not.toContain('$');
    expect(labels(v.menu)).toContain('Margin …4410  ▲0.80%');
  });

  it.each([
    ['stale', /Stale: last update 2:59 PM/],
    ['offline', /Offline: showing data from 2:59 PM/],
    ['rate-limited', /Schwab asked to slow down/],
    ['reauth-required', /Sign in again/],
  ] as const)('%s: dimmed icon and words in the tooltip, last value kept', (freshness, words) => {
    const v = view(snapshot(freshness), auth());
    expect(v.status).toBe(freshness);
    expect(v.dimmed).toBe(true);
    expect(v.tooltip).toMatch(words);
    expect(v.title).toBe('$128,410.07 ▲0.72%');
  });

  it('re-auth from the auth state wins over a fresh-looking snapshot', () => {
    const v = view(snapshot('fresh'), auth({ status: 'reauth-required' }));
    expect(v.status).toBe('reauth-required');
    expect(v.dimmed).toBe(true);
    expect(v.tooltip).toMatch(/Sign in again to resume updates/);
  });

  it('signed out / loading: icon only, dimmed, and says why', () => {
    const out = view(null, auth({ status: 'signed-out', refreshExpiresAt: null }));
    expect(out).toMatchObject({ status: 'signed-out', title: '', dimmed: true });
    expect(out.tooltip).toBe('Arbion\nNot signed in');
    const loading = view(null, auth());
    expect(loading).toMatchObject({ status: 'loading', title: '', dimmed: true });
    expect(loading.tooltip).toBe('Arbion\nLoading your accounts…');
    expect(view(null, null).status).toBe('signed-out');
  });

  it('marks the demo', () => {
    expect(view(snapshot('fresh', { demo: true }), auth({ mode: 'demo' })).tooltip).toMatch(/^Arbion \(demo\): Total/);
  });

  it('never exceeds the Windows tooltip limit', () => {
    const long = view(snapshot('stale', { asOf: 'x'.repeat(300) }), auth(), settings({ trayShow: 'account', trayAccount: 'H4410' }));
    expect(long.tooltip.length).toBeLessThanOrEqual(MAX_TOOLTIP);
  });
});

describe('menu', () => {
  it('names accounts by their Schwab nickname when userPreference gave one', () => {
    const base = snapshot();
    const named = { ...base, accounts: base.accounts.map((a, i) => (i === 0 ? { ...a, nickname: 'Individual', kind: 'BROKERAGE' } : a)) };
    expect(labels(view(named, auth()).menu).slice(1, 3)).toEqual(['Individual …4410  $52,110.33 ▲0.80%', 'Cash …7781  $76,299.74 ▼0.02%']);
    const inTray = view(named, auth(), settings({ trayShow: 'account', trayAccount: named.accounts[0]!.hash }));
    expect(inTray.tooltip.split('\n')[0]).toContain('Individual …4410');
  });

  it('lists total and accounts (the checked one is in the tray), actions, countdown and quit', () => {
    const v = view(snapshot(), auth());
    expect(labels(v.menu)).toEqual([
      'Total  $128,410.07 ▲0.72%',
      'Margin …4410  $52,110.33 ▲0.80%',
      'Cash …7781  $76,299.74 ▼0.02%',
      '---',
      'Open Arbion',
      'Refresh now',
      'Privacy mode',
      '---',
      'Sign-in valid for 6 d 23 h',
      'Renew sign-in…',
      '---',
      'Quit Arbion',
    ]);
    const radios = v.menu.filter((i) => i.kind === 'radio');
    expect(radios.map((r) => r.kind === 'radio' && r.checked)).toEqual([true, false, false]);
    expect(radios.map((r) => r.kind === 'radio' && r.command)).toEqual([
      { type: 'show-total' },
      { type: 'show-account', hash: 'H4410' },
      { type: 'show-account', hash: 'H7781' },
    ]);
  });

  it('checks the chosen account and the privacy toggle', () => {
    const v = view(snapshot(), auth(), settings({ trayShow: 'account', trayAccount: 'H4410', privacyMode: true }));
    const radios = v.menu.filter((i) => i.kind === 'radio');
    expect(radios.map((r) => r.kind === 'radio' && r.checked)).toEqual([false, true, false]);
    expect(v.menu.find((i) => i.kind === 'checkbox')).toMatchObject({ label: 'Privacy mode', checked: true, command: { type: 'toggle-privacy' } });
  });

  it('offers the right sign-in item in every auth state', () => {
    const tail = (a: AuthState | null) => labels(view(null, a).menu).slice(-4, -2);
    expect(tail(auth({ refreshExpiresAt: new Date(NOW + 42 * 60_000).toISOString() }))).toEqual(['Sign-in valid for 42 min', 'Renew sign-in…']);
    expect(tail(auth({ status: 'reauth-required' }))).toEqual(['Sign-in expired', 'Sign in again…']);
    expect(tail(auth({ status: 'signed-out' }))).toEqual(['Not signed in', 'Sign in…']);
    expect(labels(view(null, auth({ status: 'signing-in' })).menu).slice(-3, -2)).toEqual(['Signing in…']);
    expect(tail(auth({ refreshExpiresAt: new Date(NOW - 1000).toISOString() }))).toEqual(['Sign-in expired', 'Renew sign-in…']);
  });

  it('enables "Refresh now" only when signed in', () => {
    const refresh = (a: AuthState) => view(snapshot(), a).menu.find((i) => i.kind === 'action' && i.label === 'Refresh now');
    expect(refresh(auth())).toMatchObject({ enabled: true });
    expect(refresh(auth({ status: 'reauth-required' }))).toMatchObject({ enabled: false });
  });

  it('says why there are no accounts yet', () => {
    expect(labels(view(null, auth()).menu)[0]).toBe('Loading your accounts…');
  });
});
