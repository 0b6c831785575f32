// Environment → typed configuration, plus the merge with values the Settings UI stored in the vault.
// Environment wins, so a shell session can always override what the app remembers.
import os from 'node:os';
import path from 'node:path';
import { ArbionError } from './errors';

export const DEFAULT_REDIRECT_URI = 'https://127.0.0.1:8182';
export const DEFAULT_API_BASE_URL = 'https://api.schwabapi.com';
/** Folder name the Node hosts (CLI, browser host) share; the Electron app uses its own user-data folder. */
export const NODE_HOST_FOLDER = 'arbion';

export type ConfigSource = 'env' | 'vault' | 'default';

/** Values the Settings UI can store (client secret lives sealed in the vault's secrets table). */
export interface StoredConfig {
  clientId?: string | null;
  clientSecret?: string | null;
  redirectUri?: string | null;
  apiBaseUrl?: string | null;
}

export interface ArbionConfig {
  clientId: string | null;
  clientSecret: string | null;
  redirectUri: string;
  apiBaseUrl: string;
  /** Where each value came from (for `arbion status` and error messages). */
  sources: {
    clientId: ConfigSource | null;
    clientSecret: ConfigSource | null;
    redirectUri: ConfigSource;
    apiBaseUrl: ConfigSource;
  };
}

export interface ConfiguredCredentials {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  apiBaseUrl: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ArbionError('ConfigInvalid', `${name} is not a valid URL: "${value}".`);
  }
}

/**
 * The Schwab API origin. https always; http only for a loopback host (the sandbox, tests), so tokens never
 * cross a network in clear text. Returned without a trailing slash.
 */
export function validateApiBaseUrl(value: string, name = 'SCHWAB_API_BASE_URL'): string {
  const trimmed = value.trim();
  const url = parseUrl(name, trimmed);
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new ArbionError(
        'ConfigInvalid',
        `${name} uses http:// for ${url.hostname}; only https:// is allowed unless the host is this computer (127.0.0.1).`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new ArbionError('ConfigInvalid', `${name} must start with https:// (got "${url.protocol}").`);
  }
  if (url.username || url.password) {
    throw new ArbionError('ConfigInvalid', `${name} must not contain a user name or password.`);
  }
  if (url.search || url.hash) {
    throw new ArbionError('ConfigInvalid', `${name} must be a bare origin such as ${DEFAULT_API_BASE_URL}.`);
  }
  return trimmed.replace(/\/+$/, '');
}

/**
 * The callback URL registered with Schwab. Kept byte-for-byte (Schwab compares it exactly, including a
 * trailing slash and scheme case), but it must be https as Schwab requires.
 */
export function validateRedirectUri(value: string, name = 'SCHWAB_REDIRECT_URI'): string {
  const trimmed = value.trim();
  const url = parseUrl(name, trimmed);
  if (url.protocol !== 'https:') {
    throw new ArbionError(
      'ConfigInvalid',
      `${name} must be an https:// URL registered with your Schwab app (e.g. ${DEFAULT_REDIRECT_URI}); got "${trimmed}".`,
    );
  }
  if (url.hash) throw new ArbionError('ConfigInvalid', `${name} must not contain a #fragment.`);
  if (url.username || url.password) {
    throw new ArbionError('ConfigInvalid', `${name} must not contain a user name or password.`);
  }
  if (url.hostname.toLowerCase() === 'localhost') {
    throw new ArbionError(
      'ConfigInvalid',
      `${name} uses "localhost", which Schwab does not accept; register and use https://127.0.0.1:<port> instead.`,
    );
  }
  return trimmed;
}

/** True when the callback can be served by the loopback server (https://127.0.0.1[:port][/path]). */
export function isLoopbackRedirect(redirectUri: string): boolean {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'https:' && url.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

function clean(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

function checkClientId(value: string, name: string): string {
  if (value.length > 256 || /\s/.test(value)) {
    throw new ArbionError('ConfigInvalid', `${name} looks malformed (it must be the App Key, without spaces).`);
  }
  return value;
}

function checkClientSecret(value: string, name: string): string {
  if (value.length > 256 || /\s/.test(value)) {
    throw new ArbionError('ConfigInvalid', `${name} looks malformed (it must be the App Secret, without spaces).`);
  }
  return value;
}

const settingName = (source: ConfigSource | null, envName: string, label: string): string =>
  source === 'vault' ? `${label} (saved in Settings)` : envName;

/**
 * The API origin alone (environment, else saved, else Schwab's), validated. A malformed value is refused by
 * name, never replaced by another host.
 */
export function resolveApiBaseUrl(env: NodeJS.ProcessEnv, storedValue: string | null | undefined = null): string {
  const fromEnv = clean(env.SCHWAB_API_BASE_URL);
  const fromVault = clean(storedValue);
  if (fromEnv !== null) return validateApiBaseUrl(fromEnv, 'SCHWAB_API_BASE_URL');
  if (fromVault !== null) return validateApiBaseUrl(fromVault, settingName('vault', 'SCHWAB_API_BASE_URL', 'API base URL'));
  return DEFAULT_API_BASE_URL;
}

/** Merge environment and stored values (environment wins) and validate every value that is set. */
export function resolveConfig(env: NodeJS.ProcessEnv, stored: StoredConfig = {}): ArbionConfig {
  const pick = (envName: string, storedValue: string | null | undefined): [string | null, ConfigSource | null] => {
    const fromEnv = clean(env[envName]);
    if (fromEnv !== null) return [fromEnv, 'env'];
    const fromVault = clean(storedValue);
    if (fromVault !== null) return [fromVault, 'vault'];
    return [null, null];
  };

  const [clientIdRaw, clientIdSource] = pick('SCHWAB_CLIENT_ID', stored.clientId);
  const [secretRaw, secretSource] = pick('SCHWAB_CLIENT_SECRET', stored.clientSecret);
  const [redirectRaw, redirectSource] = pick('SCHWAB_REDIRECT_URI', stored.redirectUri);
  const [, baseSource] = pick('SCHWAB_API_BASE_URL', stored.apiBaseUrl);
  const where = settingName;

  return {
    clientId: clientIdRaw === null ? null : checkClientId(clientIdRaw, where(clientIdSource, 'SCHWAB_CLIENT_ID', 'App Key')),
    clientSecret:
      secretRaw === null ? null : checkClientSecret(secretRaw, where(secretSource, 'SCHWAB_CLIENT_SECRET', 'App Secret')),
    redirectUri:
      redirectRaw === null
        ? DEFAULT_REDIRECT_URI
        : validateRedirectUri(redirectRaw, where(redirectSource, 'SCHWAB_REDIRECT_URI', 'Callback URL')),
    apiBaseUrl: resolveApiBaseUrl(env, stored.apiBaseUrl),
    sources: {
      clientId: clientIdSource,
      clientSecret: secretSource,
      redirectUri: redirectSource ?? 'default',
      apiBaseUrl: baseSource ?? 'default',
    },
  };
}

/** The credentials needed to sign in, or a NotConfigured error that says which values are missing. */
export function requireCredentials(config: ArbionConfig): ConfiguredCredentials {
  const missing: string[] = [];
  if (!config.clientId) missing.push('SCHWAB_CLIENT_ID (App Key)');
  if (!config.clientSecret) missing.push('SCHWAB_CLIENT_SECRET (App Secret)');
  if (missing.length > 0) {
    throw new ArbionError(
      'NotConfigured',
      `Schwab credentials are missing: ${missing.join(' and ')}. Set them in the environment or in Settings.`,
    );
  }
  return {
    clientId: config.clientId!,
    clientSecret: config.clientSecret!,
    redirectUri: config.redirectUri,
    apiBaseUrl: config.apiBaseUrl,
  };
}

export interface HostSystem {
  platform: NodeJS.Platform;
  homedir: string;
  env: NodeJS.ProcessEnv;
}

const currentSystem = (): HostSystem => ({ platform: process.platform, homedir: os.homedir(), env: process.env });

/**
 * The per-user data folder for a Node host: `~/.config/<folder>` on Linux (XDG_CONFIG_HOME honoured),
 * `~/Library/Application Support/<folder>` on macOS, `%APPDATA%\<folder>` on Windows.
 */
export function defaultDataDir(folder: string = NODE_HOST_FOLDER, system: HostSystem = currentSystem()): string {
  const { platform, homedir, env } = system;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  if (platform === 'win32') return join(clean(env.APPDATA) ?? join(homedir, 'AppData', 'Roaming'), folder);
  if (platform === 'darwin') return join(homedir, 'Library', 'Application Support', folder);
  const xdg = clean(env.XDG_CONFIG_HOME);
  return join(xdg && path.posix.isAbsolute(xdg) ? xdg : join(homedir, '.config'), folder);
}

/** ARBION_DATA_DIR when set (must be absolute after resolving), else the host's default folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv, fallback: () => string = () => defaultDataDir()): string {
  const fromEnv = clean(env.ARBION_DATA_DIR);
  if (fromEnv === null) return fallback();
  if (fromEnv.includes('\0')) throw new ArbionError('ConfigInvalid', 'ARBION_DATA_DIR contains a NUL character.');
  return path.resolve(fromEnv);
}

/** What the resolver needs from the vault (kept structural so config.ts stays free of SQLite). */
export interface StoredConfigSource {
  getConfig(key: 'client_id' | 'redirect_uri' | 'api_base_url'): string | null;
  hasSecret(name: 'client_secret'): boolean;
  getSecret(name: 'client_secret'): Promise<string | null>;
}

/**
 * Environment merged with the values saved from Settings. The sealed client secret is opened only when the
 * environment does not provide one, so a secret sealed by another host never blocks an env-configured run.
 */
export async function loadConfig(env: NodeJS.ProcessEnv, source: StoredConfigSource): Promise<ArbionConfig> {
  const secretFromEnv = clean(env.SCHWAB_CLIENT_SECRET) !== null;
  const clientSecret = !secretFromEnv && source.hasSecret('client_secret') ? await source.getSecret('client_secret') : null;
  return resolveConfig(env, {
    clientId: source.getConfig('client_id'),
    clientSecret,
    redirectUri: source.getConfig('redirect_uri'),
    apiBaseUrl: source.getConfig('api_base_url'),
  });
}
