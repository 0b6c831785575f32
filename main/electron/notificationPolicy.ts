// Which OS notifications an auth-state change (or the passing of time) calls for. Pure: the caller keeps
// the delivered keys, so each event is shown at most once — even across restarts — and a new sign-in
// (new deadline) earns its own warnings. Texts never carry an amount, account number or token.
import type { AuthState } from '../../common/contract';
import { formatDuration } from './durationText';

export type NotificationKind = 'refresh-expires-24h' | 'refresh-expires-1h' | 'reauth-required' | 'signed-in';

export interface PlannedNotification {
  key: string;
  kind: NotificationKind;
  title: string;
  body: string;
}

export interface NotificationInput {
  /** The state before this change; null at startup (a restored sign-in is not "completed" again). */
  previous: AuthState | null;
  current: AuthState;
  now: number;
  privacyMode: boolean;
  delivered: readonly string[];
}

const HOUR = 3_600_000;
export const MAX_DELIVERED_KEYS = 50;

export function planNotifications(input: NotificationInput): PlannedNotification[] {
  const { previous, current, now, privacyMode } = input;
  const delivered = new Set(input.delivered);
  const out: PlannedNotification[] = [];
  const add = (n: PlannedNotification): void => {
    if (!delivered.has(n.key)) {
      delivered.add(n.key);
      out.push(n);
    }
  };
  const where = current.mode === 'demo' ? 'the demo sandbox' : 'Schwab';

  if (previous !== null && previous.status !== 'signed-in' && current.status === 'signed-in') {
    add({
      key: `signed-in:${current.signedInAt ?? now}`,
      kind: 'signed-in',
      title: 'Signed in',
      body: `Arbion is connected to ${where} and keeps your accounts up to date.`,
    });
  }

  if (current.status === 'reauth-required') {
    const reason = !privacyMode && current.reason ? ` ${current.reason}` : '';
    add({
      key: `reauth:${current.signedInAt ?? current.refreshExpiresAt ?? 'none'}`,
      kind: 'reauth-required',
      title: 'Sign in again',
      body: `Arbion can no longer refresh your ${where} sign-in.${reason} Open Arbion and choose "Sign in".`,
    });
  }

  if (current.status === 'signed-in' && current.refreshExpiresAt) {
    const expiresAt = Date.parse(current.refreshExpiresAt);
    const left = expiresAt - now;
    const within1h = (left > 0 && left < HOUR) || current.warning === 'refresh-expires-1h';
    const within24h = (left > 0 && left < 24 * HOUR) || current.warning === 'refresh-expires-24h';
    const deadline = current.refreshExpiresAt;
    const renew = 'Choose "Renew sign-in…" in the tray menu to keep Arbion updating.';
    // Only the most urgent notice: the 24-hour one is moot once the 1-hour one is due.
    if (within1h) {
      add({
        key: `refresh-1h:${deadline}`,
        kind: 'refresh-expires-1h',
        title: 'Sign-in ends within the hour',
        body: `Your ${where} sign-in ends in ${formatDuration(left)}. ${renew}`,
      });
    } else if (within24h) {
      add({
        key: `refresh-24h:${deadline}`,
        kind: 'refresh-expires-24h',
        title: 'Sign-in ends within a day',
        body: `Your ${where} sign-in ends in ${formatDuration(left)} (Schwab allows 7 days). ${renew}`,
      });
    }
  }
  return out;
}

/** The delivered keys after showing `shown`, bounded so the store never grows. */
export function rememberDelivered(delivered: readonly string[], shown: readonly PlannedNotification[]): string[] {
  const next = [...delivered.filter((k) => !shown.some((n) => n.key === k)), ...shown.map((n) => n.key)];
  return next.slice(-MAX_DELIVERED_KEYS);
}
