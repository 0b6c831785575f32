// Notifications: refresh deadline < 24 h and < 1 h, re-auth required, sign-in completed; each at most
// once (also across restarts), never with an amount, and privacy mode hides the details.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/contract';
import { buildAuthState } from '../support/authState';
import { silentLogger } from '../../main/core/log/logger';
import { createAuthNotifications, createElectronNotifier } from '../../main/electron/notifier';
import { MAX_DELIVERED_KEYS, planNotifications, rememberDelivered } from '../../main/electron/notificationPolicy';
import { openAppState, tempDir } from './appState';
import { FakeNotification } from './fakeElectron';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const HOUR = 3_600_000;

function auth(over: Partial<AuthState> = {}): AuthState {
  return buildAuthState({
    accessExpiresAt: new Date(T0 + 1_800_000).toISOString(),
    refreshExpiresAt: new Date(T0 + 7 * 24 * HOUR).toISOString(),
    signedInAt: new Date(T0).toISOString(),
    ...over,
  });
}

const plan = (previous: AuthState | null, current: AuthState, now = T0, delivered: string[] = [], privacyMode = false) =>
  planNotifications({ previous, current, now, privacyMode, delivered });

describe('planNotifications', () => {
  it('announces a completed sign-in, but not a sign-in restored at startup', () => {
    expect(plan(null, auth())).toEqual([]);
    const out = plan(auth({ status: 'signing-in' }), auth());
    expect(out.map((n) => n.kind)).toEqual(['signed-in']);
    expect(out[0]!.body).toMatch(/Schwab/);
    expect(plan(auth({ status: 'signing-in', mode: 'demo' }), auth({ mode: 'demo' }))[0]!.body).toMatch(/demo sandbox/);
  });

  it('warns under 24 h, then under 1 h, once each per deadline', () => {
    const deadline = T0 + 7 * 24 * HOUR;
    const s = auth();
    expect(plan(s, s, deadline - 25 * HOUR)).toEqual([]);
    const day = plan(s, s, deadline - 23 * HOUR);
    expect(day.map((n) => n.kind)).toEqual(['refresh-expires-24h']);
    expect(day[0]!.body).toMatch(/ends in 23 h/);
    const delivered = rememberDelivered([], day);
    expect(plan(s, s, deadline - 20 * HOUR, delivered)).toEqual([]);
    const hour = plan(s, s, deadline - 40 * 60_000, delivered);
    expect(hour.map((n) => n.kind)).toEqual(['refresh-expires-1h']);
    expect(hour[0]!.body).toMatch(/ends in 40 min/);
    expect(plan(s, s, deadline - 10 * 60_000, rememberDelivered(delivered, hour))).toEqual([]);
  });

  it('shows only the 1-hour warning when the app first sees a deadline that close', () => {
    const deadline = T0 + 7 * 24 * HOUR;
    expect(plan(null, auth(), deadline - 30 * 60_000).map((n) => n.kind)).toEqual(['refresh-expires-1h']);
  });

  it('honours the core’s warning flag even before the clock says so', () => {
    expect(plan(null, auth({ warning: 'refresh-expires-24h' })).map((n) => n.kind)).toEqual(['refresh-expires-24h']);
  });

  it('a new sign-in (new deadline) earns new warnings', () => {
    const first = auth();
    const deadline = T0 + 7 * 24 * HOUR;
    const delivered = rememberDelivered([], plan(first, first, deadline - 2 * HOUR));
    const renewed = auth({
      signedInAt: new Date(deadline - HOUR).toISOString(),
      refreshExpiresAt: new Date(deadline - HOUR + 7 * 24 * HOUR).toISOString(),
    });
    expect(plan(first, renewed, deadline - 2 * HOUR + 7 * 24 * HOUR, delivered).map((n) => n.kind)).toEqual(['refresh-expires-24h']);
  });

  it('says once that a sign-in is needed again, with the reason unless privacy mode is on', () => {
    const reauth = auth({ status: 'reauth-required', reason: 'The refresh token expired after 7 days.' });
    const out = plan(auth(), reauth);
    expect(out.map((n) => n.kind)).toEqual(['reauth-required']);
    expect(out[0]!.body).toContain('expired after 7 days');
    expect(plan(reauth, reauth, T0, rememberDelivered([], out))).toEqual([]);
    expect(plan(auth(), reauth, T0, [], true)[0]!.body).not.toContain('expired after 7 days');
  });

  it('never puts an amount in a notification', () => {
    const deadline = T0 + 7 * 24 * HOUR;
    const all = [
      ...plan(auth({ status: 'signing-in' }), auth()),
      ...plan(auth(), auth(), deadline - 23 * HOUR),
      ...plan(auth(), auth(), deadline - 30 * 60_000),
      ...plan(auth(), auth({ status: 'reauth-required', reason: 'Refresh failed.' })),
    ];
    expect(all).toHaveLength(4);
    for (const n of all) expect(`${n.title} ${n.body}`).not.toMatch(/\$\s?\d/);
  });

  it('keeps a bounded list of delivered keys', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ key: `k${i}`, kind: 'signed-in' as const, title: '', body: '' }));
    const kept = rememberDelivered([], many);
    expect(kept).toHaveLength(MAX_DELIVERED_KEYS);
    expect(kept.at(-1)).toBe('k79');
  });
});

describe('the notification runner', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    FakeNotification.shown = [];
    FakeNotification.instances = [];
    FakeNotification.supported = true;
  });

  it('shows each event once, also after a restart, through Electron notifications', () => {
    const dir = tempDir('arbion-notify-');
    dirs.push(dir);
    const deadline = T0 + 7 * 24 * HOUR;
    let now = deadline - 23 * HOUR;
    const notifier = createElectronNotifier(FakeNotification, silentLogger);
    const runner = createAuthNotifications(notifier, openAppState(dir), () => now);
    runner.update(auth(), false);
    runner.update(auth(), false);
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Sign-in ends within a day']);

    // Restart within the same day: nothing new.
    const restarted = createAuthNotifications(notifier, openAppState(dir), () => now);
    restarted.update(auth(), false);
    expect(FakeNotification.shown).toHaveLength(1);
    now = deadline - 30 * 60_000;
    restarted.update(auth(), false);
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Sign-in ends within a day', 'Sign-in ends within the hour']);
  });

  it('holds each shown notification until it is clicked, closed or fails, so its click handler is not collected', () => {
    let clicks = 0;
    const notifier = createElectronNotifier(FakeNotification, silentLogger, () => void clicks++);
    notifier.notify('a', '1');
    notifier.notify('b', '2');
    notifier.notify('c', '3');
    expect(notifier.pending).toBe(3);
    const [a, b, c] = FakeNotification.instances;
    a!.emit('click');
    expect(clicks).toBe(1);
    expect(notifier.pending).toBe(2);
    b!.emit('close');
    expect(notifier.pending).toBe(1);
    c!.emit('failed');
    expect(notifier.pending).toBe(0);
    expect(clicks).toBe(1);
  });

  it('stays quiet where the OS has no notifications', () => {
    FakeNotification.supported = false;
    createElectronNotifier(FakeNotification, silentLogger).notify('t', 'b');
    expect(FakeNotification.shown).toEqual([]);
  });
});
