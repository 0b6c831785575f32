// Arbion never places, changes or cancels orders. This is enforced here, before any I/O: the API client
// can only build GET requests to Schwab's read endpoints on the configured host. (The OAuth token POST
// lives in the auth module's own token client, not here.)
import { ArbionError } from '../errors';

export const READ_ONLY_PREFIXES = ['/trader/v1/', '/marketdata/v1/'] as const;

function violation(why: string): never {
  throw new ArbionError('ReadOnlyViolation', `Arbion is read-only: ${why}`);
}

/**
 * The URL a request may go to, or throws ReadOnlyViolation. `path` must be a path (no scheme/host),
 * resolve under one of READ_ONLY_PREFIXES, and not smuggle traversal or encoded separators.
 */
export function assertReadOnlyRequest(method: string, base: URL, path: string): URL {
  if (method !== 'GET') violation(`${method} requests are not allowed (only GET).`);
  if (!path.startsWith('/') || path.startsWith('//')) violation('only paths on the Schwab API host are allowed.');
  const rawPath = path.split(/[?#]/, 1)[0]!;
  if (/\\|%2f|%5c|%2e/i.test(rawPath) || rawPath.split('/').some((seg) => seg === '.' || seg === '..')) {
    violation('the path contains traversal or encoded separators.');
  }
  const url = new URL(path, base);
  if (url.origin !== base.origin) violation('only the configured Schwab API host is allowed.');
  if (!READ_ONLY_PREFIXES.some((p) => url.pathname.startsWith(p))) {
    violation(`${url.pathname} is not a read endpoint (allowed: ${READ_ONLY_PREFIXES.join(', ')}).`);
  }
  return url;
}
