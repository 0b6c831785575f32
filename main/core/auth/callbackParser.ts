// One judge for both callback paths (the loopback server and a pasted URL): right place, right state,
// then either Schwab's error or the code. The code is URL-decoded here, so it ends in `@` as Schwab wants.
import { ArbionError } from '../errors';
import { redactString } from '../log/redact';
import type { StateStore } from './stateStore';

export type CallbackVerdict =
  | { ok: true; code: string }
  | {
      ok: false;
      error: ArbionError;
      /** True when the sign-in is over (Schwab said no); false when the request is just refused. */
      final: boolean;
      httpStatus: number;
    };

/** Query parameters decoded with decodeURIComponent (a literal `+` in a code stays a `+`). */
export function readQuery(search: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = search.startsWith('?') ? search.slice(1) : search;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      const key = decodeURIComponent(rawKey);
      // Keep the first value: a second `code=` or `state=` must not override the one we check.
      if (!out.has(key)) out.set(key, decodeURIComponent(rawValue));
    } catch {
      // Malformed percent-encoding: treated as absent.
    }
  }
  return out;
}

/** Path of the registered redirect URI; Schwab inserts `/` before `?` when the callback has no path. */
export function callbackPathMatches(redirectUri: string, pathname: string): boolean {
  const expected = new URL(redirectUri).pathname || '/';
  const strip = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return strip(pathname) === strip(expected);
}

function describeSchwabError(error: string, description: string | undefined): string {
  const text = description ? `${error}: ${description}` : error;
  return redactString(text).slice(0, 200);
}

/** Judge a callback whose path already matched. Consumes the state only when the verdict is final or ok. */
export function judgeCallbackQuery(query: Map<string, string>, states: StateStore): CallbackVerdict {
  try {
    states.check(query.get('state'));
  } catch (e) {
    return { ok: false, error: e as ArbionError, final: false, httpStatus: 400 };
  }
  const error = query.get('error');
  if (error !== undefined) {
    states.consume(query.get('state'));
    const what = describeSchwabError(error, query.get('error_description'));
    const err =
      error === 'access_denied'
        ? new ArbionError('AccessDenied', `Sign-in was declined at Schwab (${what}).`)
        : new ArbionError('CallbackInvalid', `Schwab returned an error instead of a code (${what}).`);
    return { ok: false, error: err, final: true, httpStatus: 400 };
  }
  const code = query.get('code');
  if (!code) {
    return {
      ok: false,
      error: new ArbionError('CallbackMissingCode', 'The callback has no authorization code.'),
      final: false,
      httpStatus: 400,
    };
  }
  states.consume(query.get('state'));
  return { ok: true, code };
}

/**
 * The paste fallback: the full URL the browser landed on. Same rules as the loopback server, plus the
 * origin must be the registered redirect URI's.
 */
export function judgePastedRedirectUrl(pasted: string, redirectUri: string, states: StateStore): CallbackVerdict {
  const refused = (message: string): CallbackVerdict => ({
    ok: false,
    error: new ArbionError('CallbackInvalid', message),
    final: false,
    httpStatus: 400,
  });
  let url: URL;
  try {
    url = new URL(pasted.trim());
  } catch {
    return refused(
      'That is not a URL. Paste the whole address your browser landed on after signing in (it starts with your callback URL).',
    );
  }
  const expected = new URL(redirectUri);
  if (url.protocol !== expected.protocol || url.host !== expected.host || !callbackPathMatches(redirectUri, url.pathname)) {
    return refused(
      `The pasted URL does not start with the callback URL ${expected.origin}${expected.pathname === '/' ? '' : expected.pathname}.`,
    );
  }
  return judgeCallbackQuery(readQuery(url.search), states);
}

/** judgePastedRedirectUrl that returns the decoded code or throws the typed error. */
export function parsePastedRedirectUrl(pasted: string, redirectUri: string, states: StateStore): string {
  const verdict = judgePastedRedirectUrl(pasted, redirectUri, states);
  if (!verdict.ok) throw verdict.error;
  return verdict.code;
}
