// Starting a Schwab sign-in from the window. Electron opens the system browser itself; the browser host
// cannot, so when the host reports `opened: false` the window opens the authorize URL in a new tab.
import type { ArbionApi, SignInStart } from '../../common/contract';

/** Only web URLs are ever opened, whatever the bridge sends. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function openInNewTab(url: string): boolean {
  if (!isWebUrl(url)) return false;
  const w = window.open(url, '_blank');
  if (w) w.opener = null; // the Schwab page gets no handle back to this window
  return w !== null;
}

export async function beginSignIn(api: ArbionApi): Promise<SignInStart> {
  const start = await api.signIn();
  if (!start.opened) openInNewTab(start.authorizeUrl);
  return start;
}
