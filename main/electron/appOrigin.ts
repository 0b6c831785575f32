// Which URLs are "ours": the production renderer on app://arbion/, or electron-vite's dev server.
// Node's URL gives non-special schemes an opaque origin ("null"), so scheme and host are compared directly.

export const APP_SCHEME = 'app';
export const APP_HOST = 'arbion';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type OriginCheck = (url: string) => boolean;

/** `devServerUrl` is ELECTRON_RENDERER_URL in `npm run dev` (loopback only), undefined in production. */
export function createOriginCheck(devServerUrl?: string): OriginCheck {
  const dev = devServerUrl ? parseLoopbackOrigin(devServerUrl) : null;
  return (url) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.username || u.password) return false;
    if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
    return dev !== null && u.origin === dev;
  };
}

function parseLoopbackOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    return (u.protocol === 'http:' || u.protocol === 'https:') && loopback ? u.origin : null;
  } catch {
    return null;
  }
}
