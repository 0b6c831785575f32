// What the app may hand to the system browser: Schwab's authorize page, the authorize page of the configured
// base URL (SCHWAB_API_BASE_URL) or of the demo sandbox while it runs, and a short list of https hosts the UI
// links to. Nothing else — in particular no other loopback port: in live mode a local process must not be
// able to get an authorize page of its own opened in the user's browser.
import type { DemoBackendFactory } from '../core/ports';

export const SCHWAB_API_BASE = 'https://api.schwabapi.com';
export const AUTHORIZE_PATH = '/v1/oauth/authorize';

/** Hosts the UI links to: Schwab's documentation and the chart library's required credit (https only, exact). */
export const DOCS_HOSTS: readonly string[] = ['developer.schwab.com', 'www.schwab.com', 'www.tradingview.com'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ExternalUrlPolicyOptions {
  /** Extra API base URLs whose authorize path is allowed (e.g. a configured Schwab base URL). */
  authorizeBases?: readonly string[];
  /** Bases known only at run time (the demo sandbox on its random loopback port); read on every check. */
  runtimeAuthorizeBases?: () => Iterable<string>;
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

/** Only https bases, or plain http on this machine (a local sandbox); anything else is ignored. */
function usableBase(url: string): URL | null {
  const b = parse(url);
  return b !== null && (b.protocol === 'https:' || (b.protocol === 'http:' && LOOPBACK_HOSTS.has(b.hostname))) ? b : null;
}

export function createExternalUrlPolicy(options: ExternalUrlPolicyOptions = {}): ExternalUrlPolicy {
  const fixed = [SCHWAB_API_BASE, ...(options.authorizeBases ?? [])].map(usableBase).filter((b): b is URL => b !== null);
  return (url) => {
    const u = parse(url);
    if (!u) return false;
    if (fixed.some((b) => isAuthorizeAt(u, b))) return true;
    for (const base of options.runtimeAuthorizeBases?.() ?? []) {
      const b = usableBase(base);
      if (b && isAuthorizeAt(u, b)) return true;
    }
    return u.protocol === 'https:' && u.port === '' && DOCS_HOSTS.includes(u.hostname);
  };
}

/**
 * Wraps the demo backend factory so the sandbox's base URL is an allowed authorize base exactly while that
 * sandbox runs (its port is random, so it cannot be configured up front).
 */
export function trackDemoAuthorizeBases(factory: DemoBackendFactory): { factory: DemoBackendFactory; bases: () => Iterable<string> } {
  const running = new Set<string>();
  return {
    bases: () => running,
    factory: async (demoOptions) => {
      const backend = await factory(demoOptions);
      running.add(backend.baseUrl);
      return {
        ...backend,
        close: async () => {
          running.delete(backend.baseUrl);
          await backend.close();
        },
      };
    },
  };
}
