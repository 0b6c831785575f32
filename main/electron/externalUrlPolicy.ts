// What the app may hand to the system browser: Schwab's authorize page (or the configured base URL's,
// including the demo sandbox on loopback) and a short list of https documentation hosts. Nothing else.

export const SCHWAB_API_BASE = 'https://api.schwabapi.com';
export const AUTHORIZE_PATH = '/v1/oauth/authorize';

/** Documentation the UI links to (https only, exact hosts). */
export const DOCS_HOSTS: readonly string[] = ['developer.schwab.com', 'www.schwab.com'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ExternalUrlPolicyOptions {
  /** Extra API base URLs whose authorize path is allowed (e.g. a configured Schwab base URL). */
  authorizeBases?: readonly string[];
  /** Allow the authorize path on any loopback port (the embedded sandbox in demo mode). */
  allowLoopbackAuthorize?: boolean;
}

export type ExternalUrlPolicy = (url: string) => boolean;

function parse(url: string): URL | null {
  try {
    const u = new URL(url);
    // Credentials in a URL are a phishing trick; our links never carry them.
    return u.username || u.password ? null : u;
  } catch {
    return null;
  }
}

function isAuthorizeAt(u: URL, base: URL): boolean {
  const basePath = base.pathname.replace(/\/+$/, '');
  return u.origin === base.origin && u.pathname === `${basePath}${AUTHORIZE_PATH}`;
}

export function createExternalUrlPolicy(options: ExternalUrlPolicyOptions = {}): ExternalUrlPolicy {
  const bases = [SCHWAB_API_BASE, ...(options.authorizeBases ?? [])]
    .map(parse)
    .filter((b): b is URL => b !== null && (b.protocol === 'https:' || LOOPBACK_HOSTS.has(b.hostname)));
  return (url) => {
    const u = parse(url);
    if (!u) return false;
    if (bases.some((b) => isAuthorizeAt(u, b))) return true;
    if (options.allowLoopbackAuthorize && LOOPBACK_HOSTS.has(u.hostname) && u.pathname === AUTHORIZE_PATH) {
      return u.protocol === 'http:' || u.protocol === 'https:';
    }
    return u.protocol === 'https:' && u.port === '' && DOCS_HOSTS.includes(u.hostname);
  };
}
