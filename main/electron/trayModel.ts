// What the tray shows, as a pure function of (snapshot, auth state, settings, now): the title (macOS menu
// bar), the tooltip (all platforms), whether the icon is dimmed, and the menu as data. tray.ts only
// applies it, so every state — privacy, stale, offline, re-auth — is unit-tested here.
import type { AccountView, AuthState, Cents, PortfolioSnapshot, PortfolioTotals, Settings, TrayFormat } from '../../common/contract';
import { asCents, centsToDollars } from '../../common/money/cents';
import { formatDuration } from './durationText';

export type TrayCommand =
  | { type: 'open' }
  | { type: 'refresh' }
  | { type: 'toggle-privacy' }
  | { type: 'renew-sign-in' }
  | { type: 'show-total' }
  | { type: 'show-account'; hash: string }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'label'; label: string }
  | { kind: 'action'; label: string; command: TrayCommand; enabled: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; command: TrayCommand }
  | { kind: 'radio'; label: string; checked: boolean; command: TrayCommand }
  | { kind: 'separator' };

export type TrayStatus = 'fresh' | 'streaming' | 'loading' | 'signed-out' | 'stale' | 'offline' | 'rate-limited' | 'reauth-required';

export interface TrayView {
  status: TrayStatus;
  /** macOS menu-bar text next to the icon ('' = icon only). */
  title: string;
  tooltip: string;
  /** Dimmed icon: the numbers are not live. */
  dimmed: boolean;
  /** A mark on the icon: alerts fired that the window has not shown yet. */
  alertMark: boolean;
  menu: TrayMenuItem[];
}

export interface TrayInput {
  snapshot: PortfolioSnapshot | null;
  auth: AuthState | null;
  settings: Settings;
  now: number;
  /** Fired alerts not yet seen in the window (0 when absent). */
  unseenAlerts?: number;
  locale?: string;
  /** For deterministic tests; the system zone otherwise. */
  timeZone?: string;
}

/** The total's or one account's figures, as the model computed them (the tray only formats). */
type Figure = Pick<PortfolioTotals, 'liquidationValue' | 'dayChange' | 'dayChangePercent'>;

/** Windows truncates tooltips at 127 characters; keep ours whole everywhere. */
export const MAX_TOOLTIP = 127;

/** Cents in the user's locale (the tray follows the system's, unlike the window's fixed en-US). */
function money(value: Cents, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(centsToDollars(value));
}

function arrowFor(roundedMagnitude: string, value: number): string {
  if (Number(roundedMagnitude.replace(/[^0-9.]/g, '')) === 0) return '';
  return value > 0 ? '▲' : '▼';
}

/** "▲0.72%", "▼1.05%", "0.00%". */
export function formatPercent(percent: number, locale = 'en-US'): string {
  const magnitude = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(percent));
  return `${arrowFor(magnitude, percent)}${magnitude}%`;
}

/** "▲$924.10", "▼$12.00", "$0.00". */
export function formatMoneyChange(change: Cents, locale = 'en-US'): string {
  const magnitude = money(asCents(Math.abs(change)), locale);
  return `${arrowFor(magnitude, change)}${magnitude}`;
}

/** The figure in the user's tray format; privacy mode shows the percentage only, whatever the format. */
export function formatFigure(figure: Figure, format: TrayFormat, privacyMode: boolean, locale = 'en-US'): string {
  const pct = formatPercent(figure.dayChangePercent, locale);
  if (privacyMode) return pct;
  switch (format) {
    case 'value':
      return money(figure.liquidationValue, locale);
    case 'percent':
      return pct;
    case 'day-change':
      return formatMoneyChange(figure.dayChange, locale);
    case 'value-and-percent':
      return `${money(figure.liquidationValue, locale)} ${pct}`;
  }
}

/** "Individual …4410" when the account has a nickname in Schwab, else "Margin …4410". */
export function accountLabel(account: AccountView): string {
  return `${account.nickname ?? (account.type === 'MARGIN' ? 'Margin' : 'Cash')} ${account.displayNumber}`;
}

function statusOf(snapshot: PortfolioSnapshot | null, auth: AuthState | null): TrayStatus {
  if (auth?.status === 'reauth-required') return 'reauth-required';
  if (!snapshot) return auth?.status === 'signed-in' || auth?.status === 'signing-in' ? 'loading' : 'signed-out';
  return snapshot.freshness;
}

function timeOf(iso: string, locale: string, timeZone: string | undefined): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'an unknown time';
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(t);
}

function statusLine(status: TrayStatus, snapshot: PortfolioSnapshot | null, locale: string, timeZone: string | undefined): string {
  const at = snapshot ? timeOf(snapshot.asOf, locale, timeZone) : '';
  switch (status) {
    case 'fresh':
      return `Updated ${at}`;
    case 'streaming':
      return `Streaming: last tick ${at}`;
    case 'stale':
      return `Stale: last update ${at}`;
    case 'offline':
      return `Offline: showing data from ${at}`;
    case 'rate-limited':
      return `Schwab asked to slow down: data from ${at}`;
    case 'reauth-required':
      return 'Sign in again to resume updates';
    case 'loading':
      return 'Loading your accounts…';
    case 'signed-out':
      return 'Not signed in';
  }
}

function clip(text: string): string {
  return text.length <= MAX_TOOLTIP ? text : `${text.slice(0, MAX_TOOLTIP - 1)}…`;
}

function signInItems(auth: AuthState | null, now: number): TrayMenuItem[] {
  if (!auth || auth.status === 'signed-out') {
    return [
      { kind: 'label', label: 'Not signed in' },
      { kind: 'action', label: 'Sign in…', command: { type: 'open' }, enabled: true },
    ];
  }
  if (auth.status === 'signing-in') return [{ kind: 'label', label: 'Signing in…' }];
  if (auth.status === 'reauth-required') {
    return [
      { kind: 'label', label: 'Sign-in expired' },
      { kind: 'action', label: 'Sign in again…', command: { type: 'renew-sign-in' }, enabled: true },
    ];
  }
  const expires = auth.refreshExpiresAt ? Date.parse(auth.refreshExpiresAt) : NaN;
  const left = expires - now;
  const countdown = Number.isNaN(left)
    ? 'Signed in'
    : left > 0
      ? `Sign-in valid for ${formatDuration(left)}`
      : 'Sign-in expired';
  return [
    { kind: 'label', label: countdown },
    { kind: 'action', label: 'Renew sign-in…', command: { type: 'renew-sign-in' }, enabled: true },
  ];
}

export function buildTrayView(input: TrayInput): TrayView {
  const { snapshot, auth, settings, now } = input;
  const locale = input.locale ?? 'en-US';
  const privacy = settings.privacyMode;
  const status = statusOf(snapshot, auth);
  const chosen =
    settings.trayShow === 'account' && snapshot
      ? snapshot.accounts.find((a) => a.hash === settings.trayAccount) ?? null
      : null;
  const figure: Figure | null = chosen ?? snapshot?.totals ?? null;
  const scope = chosen ? accountLabel(chosen) : 'Total';

  const title = figure ? formatFigure(figure, settings.trayFormat, privacy, locale) : '';
  const head = `Arbion${snapshot?.demo || auth?.mode === 'demo' ? ' (demo)' : ''}`;
  const unseen = input.unseenAlerts ?? 0;
  const alertLine = unseen > 0 ? [`${unseen} new alert${unseen === 1 ? '' : 's'}`] : [];
  const tooltip = clip(
    [figure ? `${head}: ${scope} ${title}` : head, ...alertLine, statusLine(status, snapshot, locale, input.timeZone)].join('\n'),
  );

  const menu: TrayMenuItem[] = [];
  if (snapshot) {
    menu.push({
      kind: 'radio',
      label: `Total  ${formatFigure(snapshot.totals, 'value-and-percent', privacy, locale)}`,
      checked: chosen === null,
      command: { type: 'show-total' },
    });
    for (const account of snapshot.accounts) {
      menu.push({
        kind: 'radio',
        label: `${accountLabel(account)}  ${formatFigure(account, 'value-and-percent', privacy, locale)}`,
        checked: chosen?.hash === account.hash,
        command: { type: 'show-account', hash: account.hash },
      });
    }
  } else {
    menu.push({ kind: 'label', label: statusLine(status, snapshot, locale, input.timeZone) });
  }
  menu.push(
    { kind: 'separator' },
    ...(unseen > 0 ? [{ kind: 'action', label: `${alertLine[0]!}…`, command: { type: 'open' }, enabled: true } satisfies TrayMenuItem] : []),
    { kind: 'action', label: 'Open Arbion', command: { type: 'open' }, enabled: true },
    { kind: 'action', label: 'Refresh now', command: { type: 'refresh' }, enabled: auth?.status === 'signed-in' },
    { kind: 'checkbox', label: 'Privacy mode', checked: privacy, command: { type: 'toggle-privacy' } },
    { kind: 'separator' },
    ...signInItems(auth, now),
    { kind: 'separator' },
    { kind: 'action', label: 'Quit Arbion', command: { type: 'quit' }, enabled: true },
  );

  return { status, title, tooltip, dimmed: status !== 'fresh' && status !== 'streaming', alertMark: unseen > 0, menu };
}
