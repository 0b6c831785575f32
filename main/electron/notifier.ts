// The Notifier port over Electron's Notification, and the runner that turns auth-state changes into
// notifications through the pure policy, remembering what was shown in the app state file.
import type { NotificationConstructorOptions } from 'electron';
import type { AuthState } from '../../common/contract';
import type { Logger, Notifier } from '../core/ports';
import type { AppStateStore } from './appStateStore';
import { planNotifications, rememberDelivered } from './notificationPolicy';

interface ShownNotification {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: () => void): unknown;
}

export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): ShownNotification;
}

export interface ElectronNotifier extends Notifier {
  /** Notifications shown and not yet clicked, closed or failed (held so their click handler survives). */
  readonly pending: number;
}

export function createElectronNotifier(Notification: NotificationClass, logger: Logger, onClick?: () => void): ElectronNotifier {
  // Electron drops a Notification's listeners when the JS object is garbage-collected, so a click on a
  // notification still on screen would do nothing: keep a reference until the OS is done with it.
  const shown = new Set<ShownNotification>();
  return {
    get pending() {
      return shown.size;
    },
    notify(title, body) {
      if (!Notification.isSupported()) {
        logger.info('Notifications are not supported here', { title });
        return;
      }
      const n = new Notification({ title, body, silent: false });
      const release = (): void => void shown.delete(n);
      n.on('click', () => {
        release();
        onClick?.();
      });
      n.on('close', release);
      n.on('failed', () => {
        release();
        logger.warn('A notification could not be shown', { title });
      });
      shown.add(n);
      n.show();
    },
  };
}

export interface AuthNotifications {
  /** Feed every auth state (startup value first); also call on a timer so deadlines are noticed. */
  update(state: AuthState, privacyMode: boolean): void;
}

export function createAuthNotifications(notifier: Notifier, state: AppStateStore, now: () => number): AuthNotifications {
  let previous: AuthState | null = null;
  return {
    update(current, privacyMode) {
      const delivered = state.get('deliveredNotifications') ?? [];
      const planned = planNotifications({ previous, current, now: now(), privacyMode, delivered });
      previous = current;
      if (planned.length === 0) return;
      state.set('deliveredNotifications', rememberDelivered(delivered, planned));
      for (const n of planned) notifier.notify(n.title, n.body);
    },
  };
}
