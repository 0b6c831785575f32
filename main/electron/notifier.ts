// The Notifier port over Electron's Notification, and the runner that turns auth-state changes into
// notifications through the pure policy, remembering what was shown in the app state file.
import type { NotificationConstructorOptions } from 'electron';
import type { AuthState } from '../../preload/contract';
import type { Logger, Notifier } from '../core/ports';
import type { AppStateStore } from './appStateStore';
import { planNotifications, rememberDelivered } from './notificationPolicy';

export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): { show(): void; on(event: 'click', listener: () => void): unknown };
}

export function createElectronNotifier(Notification: NotificationClass, logger: Logger, onClick?: () => void): Notifier {
  return {
    notify(title, body) {
      if (!Notification.isSupported()) {
        logger.info('Notifications are not supported here', { title });
        return;
      }
      const n = new Notification({ title, body, silent: false });
      if (onClick) n.on('click', onClick);
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
