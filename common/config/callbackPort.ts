// Schwab wants the callback on a port above 1024, and Arbion has to listen on that port on 127.0.0.1:
// ports up to 1024 (443 when the URL names none) need administrator rights on most systems.
// The window, the CLI and the browser host all warn with the same words.
export const LOWEST_CALLBACK_PORT = 1025;

/** The callback's effective port: the explicit one, else 443 for https. Null when the URL cannot be parsed. */
export function callbackPort(redirectUri: string): number | null {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return null;
  }
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : null;
}

/**
 * A warning when the callback URL's port is 1024 or below (or missing), else null. Only loopback callbacks
 * matter: a callback on another host is not served by Arbion.
 */
export function callbackPortWarning(redirectUri: string): string | null {
  const port = callbackPort(redirectUri);
  if (port === null || port >= LOWEST_CALLBACK_PORT) return null;
  let host: string;
  try {
    host = new URL(redirectUri).hostname;
  } catch {
    return null;
  }
  if (host !== '127.0.0.1') return null;
  const which = /^[a-z]+:\/\/[^/?#]*:\d+/i.test(redirectUri) ? `port ${port}` : `no port, so port ${port}`;
  return (
    `The callback URL ${redirectUri} has ${which}: Schwab wants a port above 1024, and Arbion has to listen on it ` +
    `(ports up to 1024 need administrator rights). Register and use e.g. https://127.0.0.1:8182.`
  );
}
