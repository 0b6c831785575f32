// Electron security checklist items 12–15: the page never leaves our origin, never opens a window, never
// attaches a <webview>, and gets no permission (camera, notifications, …) except writing the clipboard.
// Allowed external links go to the system browser through the Opener instead.
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

/** The one permission the page needs: navigator.clipboard.writeText ("Copy diagnostics"). */
export const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

export interface PermissionPolicyOptions {
  isOurUrl: OriginCheck;
  /** True only for the main window's WebContents (looked up at call time; the window comes later). */
  isMainWindow: (contents: WebContents) => boolean;
}

/**
 * Deny every permission request and check for the session, except clipboard writes from our own page in
 * the main window's top frame. Reading the clipboard, notifications, media … stay denied.
 */
export function installPermissionPolicy(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  options: PermissionPolicyOptions,
): void {
  const { isOurUrl, isMainWindow } = options;
  const clipboardWriteFromUs = (contents: WebContents | null, permission: string, url: string | undefined, isMainFrame: boolean): boolean =>
    permission === CLIPBOARD_WRITE && contents !== null && isMainFrame && url !== undefined && isOurUrl(url) && isMainWindow(contents);
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(clipboardWriteFromUs(contents, permission, details.requestingUrl, details.isMainFrame)),
  );
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    clipboardWriteFromUs(contents, permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame),
  );
}

function schemeOf(url: string): string {
  const i = url.indexOf(':');
  return i > 0 ? url.slice(0, i) : 'invalid';
}
