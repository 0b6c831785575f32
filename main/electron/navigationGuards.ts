// Electron security checklist items 12–15: the page never leaves our origin, never opens a window, never
// attaches a <webview>, and gets no permission (camera, notifications, …). Allowed external links go to
// the system browser through the Opener instead.
import type { Session, WebContents } from 'electron';
import type { Logger, Opener } from '../core/ports';
import type { OriginCheck } from './appOrigin';
import type { ExternalUrlPolicy } from './externalUrlPolicy';

export interface GuardOptions {
  isOurUrl: OriginCheck;
  isExternalAllowed: ExternalUrlPolicy;
  opener: Opener;
  logger: Logger;
}

interface PreventableNavigation {
  url: string;
  preventDefault(): void;
}

export function installNavigationGuards(contents: WebContents, options: GuardOptions): void {
  const { isOurUrl, isExternalAllowed, opener, logger } = options;

  const handOff = (url: string): void => {
    if (isExternalAllowed(url)) void opener.open(url);
  };

  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });

  const block = (kind: string) => (event: PreventableNavigation) => {
    if (isOurUrl(event.url)) return;
    event.preventDefault();
    logger.warn(`Blocked ${kind} away from the app`, { scheme: schemeOf(event.url) });
    if (kind === 'navigation') handOff(event.url);
  };
  contents.on('will-navigate', block('navigation'));
  contents.on('will-frame-navigate', block('frame navigation'));
  contents.on('will-redirect', block('redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('Blocked a <webview>');
  });
}

/** Deny every permission request and check for the session (the app needs none). */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

function schemeOf(url: string): string {
  const i = url.indexOf(':');
  return i > 0 ? url.slice(0, i) : 'invalid';
}
