import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_REDIRECT_URI,
  defaultDataDir,
  isLoopbackRedirect,
  loadConfig,
  requireCredentials,
  resolveApiBaseUrl,
  resolveConfig,
  resolveDataDir,
} from '../../main/core/config';
import { callbackPortWarning } from '../../common/config/callbackPort';
import { levelFromEnv } from '../../main/core/log/logger';
import { isArbionError } from '../../main/core/errors';
import { openDatabase, type Db } from '../../main/core/store/database';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { TokenVault } from '../../main/core/store/tokenVault';

function expectConfigError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(isArbionError(e, 'ConfigInvalid')).toBe(true);
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected ConfigInvalid');
}

describe('resolveConfig', () => {
  it('uses the documented defaults when only credentials are set', () => {
    const c = resolveConfig({ SCHWAB_CLIENT_ID: 'key123', SCHWAB_CLIENT_SECRET: 'sec456' });
    expect(c).toMatchObject({
      clientId: 'key123',
      clientSecret: 'sec456',
      redirectUri: DEFAULT_REDIRECT_URI,
      apiBaseUrl: DEFAULT_API_BASE_URL,
      sources: { clientId: 'env', clientSecret: 'env', redirectUri: 'default', apiBaseUrl: 'default' },
    });
    expect(DEFAULT_REDIRECT_URI).toBe('https://127.0.0.1:8182');
    expect(DEFAULT_API_BASE_URL).toBe('https://api.schwabapi.com');
  });

  it('refuses http:// base URLs unless the host is loopback', () => {
    expectConfigError(() => resolveConfig({ SCHWAB_API_BASE_URL: 'http://api.schwabapi.com' }), /only https:\/\/ is allowed/);
    expectConfigError(() => resolveConfig({ SCHWAB_API_BASE_URL: 'http://10.0.0.5:8080' }), /SCHWAB_API_BASE_URL uses http:\/\//);
    expectConfigError(() => resolveConfig({ SCHWAB_API_BASE_URL: 'ftp://127.0.0.1' }), /must start with https/);
    expect(resolveConfig({ SCHWAB_API_BASE_URL: 'http://127.0.0.1:4545/' }).apiBaseUrl).toBe('http://127.0.0.1:4545');
    expect(resolveConfig({ SCHWAB_API_BASE_URL: 'http://localhost:4545' }).apiBaseUrl).toBe('http://localhost:4545');
    expect(resolveConfig({ SCHWAB_API_BASE_URL: 'https://proxy.example/schwab' }).apiBaseUrl).toBe('https://proxy.example/schwab');
  });

  it('says clearly what is malformed', () => {
    expectConfigError(() => resolveConfig({ SCHWAB_API_BASE_URL: 'not a url' }), /SCHWAB_API_BASE_URL is not a valid URL/);
    expectConfigError(() => resolveConfig({ SCHWAB_REDIRECT_URI: 'http://127.0.0.1:8182' }), /SCHWAB_REDIRECT_URI must be an https:\/\//);
    expectConfigError(() => resolveConfig({ SCHWAB_REDIRECT_URI: 'https://localhost:8182' }), /localhost/);
    expectConfigError(() => resolveConfig({ SCHWAB_CLIENT_ID: 'has space' }), /SCHWAB_CLIENT_ID looks malformed/);
    expectConfigError(() => resolveConfig({ SCHWAB_API_BASE_URL: 'https://u:p@api.schwabapi.com' }), /user name or password/);
  });

  it('keeps the redirect URI byte-for-byte (Schwab compares it exactly)', () => {
    expect(resolveConfig({ SCHWAB_REDIRECT_URI: 'https://127.0.0.1:8182/' }).redirectUri).toBe('https://127.0.0.1:8182/');
    expect(resolveConfig({ SCHWAB_REDIRECT_URI: 'https://www.arbion.ai/oauth_callback/broker' }).redirectUri).toBe(
      'https://www.arbion.ai/oauth_callback/broker',
    );
    expect(isLoopbackRedirect('https://127.0.0.1:8182')).toBe(true);
    expect(isLoopbackRedirect('https://www.arbion.ai/oauth_callback/broker')).toBe(false);
  });

  it('lets the environment win over stored values, and names the stored source in errors', () => {
    const c = resolveConfig(
      { SCHWAB_CLIENT_ID: 'env-id', SCHWAB_CLIENT_SECRET: '  ' },
      { clientId: 'stored-id', clientSecret: 'stored-secret', redirectUri: 'https://127.0.0.1:9000' },
    );
    expect(c.clientId).toBe('env-id');
    expect(c.clientSecret).toBe('stored-secret');
    expect(c.redirectUri).toBe('https://127.0.0.1:9000');
    expect(c.sources).toMatchObject({ clientId: 'env', clientSecret: 'vault', redirectUri: 'vault' });
    expectConfigError(() => resolveConfig({}, { redirectUri: 'http://127.0.0.1:9000' }), /Callback URL \(saved in Settings\)/);
  });

  it('requireCredentials names each missing value', () => {
    try {
      requireCredentials(resolveConfig({ SCHWAB_CLIENT_ID: 'id' }));
      throw new Error('expected NotConfigured');
    } catch (e) {
      expect(isArbionError(e, 'NotConfigured')).toBe(true);
      expect((e as Error).message).toContain('SCHWAB_CLIENT_SECRET');
      expect((e as Error).message).not.toContain('SCHWAB_CLIENT_ID');
    }
  });
});

describe('data dir', () => {
  it('picks the platform folder for a Node host', () => {
    expect(defaultDataDir('arbion', { platform: 'linux', homedir: '/home/t', env: {} })).toBe('/home/t/.config/arbion');
    expect(defaultDataDir('arbion', { platform: 'linux', homedir: '/home/t', env: { XDG_CONFIG_HOME: '/x/cfg' } })).toBe(
      '/x/cfg/arbion',
    );
    expect(defaultDataDir('arbion', { platform: 'darwin', homedir: '/Users/t', env: {} })).toBe(
      '/Users/t/Library/Application Support/arbion',
    );
    expect(defaultDataDir('arbion', { platform: 'win32', homedir: 'C:\\Users\\t', env: { APPDATA: 'C:\\Users\\t\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\t\\AppData\\Roaming\\arbion',
    );
  });

  it('ARBION_DATA_DIR wins and is made absolute', () => {
    expect(resolveDataDir({ ARBION_DATA_DIR: 'rel/dir' })).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir({}, () => '/fallback')).toBe('/fallback');
  });
});

describe('loadConfig from the vault', () => {
  let dir: string;
  let db: Db | undefined;
  afterEach(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('merges the config table and the sealed client secret, environment first', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-config-'));
    db = openDatabase(path.join(dir, 'arbion.db'));
    const vault = new TokenVault(db, createFileKeyCipher(dir));
    vault.setConfig('client_id', 'stored-id');
    vault.setConfig('redirect_uri', 'https://127.0.0.1:9001');
    await vault.setSecret('client_secret', 'stored-secret-value');

    const fromVault = await loadConfig({}, vault);
    expect(fromVault).toMatchObject({ clientId: 'stored-id', clientSecret: 'stored-secret-value', redirectUri: 'https://127.0.0.1:9001' });

    const fromEnv = await loadConfig({ SCHWAB_CLIENT_SECRET: 'env-secret', SCHWAB_REDIRECT_URI: 'https://127.0.0.1:9002' }, vault);
    expect(fromEnv).toMatchObject({ clientId: 'stored-id', clientSecret: 'env-secret', redirectUri: 'https://127.0.0.1:9002' });
  });
});

describe('refused by name, never replaced', () => {
  it('resolveApiBaseUrl refuses a bad SCHWAB_API_BASE_URL instead of falling back to Schwab', () => {
    expectConfigError(() => resolveApiBaseUrl({ SCHWAB_API_BASE_URL: 'http://example.com' }), /^SCHWAB_API_BASE_URL uses http:\/\/ for example\.com; only https:\/\//);
    expectConfigError(() => resolveApiBaseUrl({ SCHWAB_API_BASE_URL: 'notaurl' }), /^SCHWAB_API_BASE_URL is not a valid URL: "notaurl"/);
    expectConfigError(() => resolveApiBaseUrl({}, 'ftp://x'), /^API base URL \(saved in Settings\) must start with https:\/\//);
    expect(resolveApiBaseUrl({})).toBe(DEFAULT_API_BASE_URL);
    expect(resolveApiBaseUrl({ SCHWAB_API_BASE_URL: 'http://127.0.0.1:4000/' })).toBe('http://127.0.0.1:4000');
  });

  it('ARBION_LOG_LEVEL: the four levels in any case, unset means info, anything else is refused with the allowed values', () => {
    expect(levelFromEnv({})).toBe('info');
    expect(levelFromEnv({ ARBION_LOG_LEVEL: ' ' })).toBe('info');
    expect(levelFromEnv({ ARBION_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(levelFromEnv({ ARBION_LOG_LEVEL: 'warn' })).toBe('warn');
    expectConfigError(() => levelFromEnv({ ARBION_LOG_LEVEL: 'verbose' }), /^ARBION_LOG_LEVEL must be debug, info, warn or error; got "verbose"\.$/);
  });
});

describe('callback port warning', () => {
  it('warns for no port (443) and any port up to 1024, as the README says; silent above 1024 or off this computer', () => {
    expect(callbackPortWarning('https://127.0.0.1')).toMatch(/has no port, so port 443: Schwab wants a port above 1024, and Arbion has to listen on it/);
    expect(callbackPortWarning('https://127.0.0.1:443/')).toMatch(/has port 443: Schwab wants a port above 1024/);
    expect(callbackPortWarning('https://127.0.0.1:1024')).toMatch(/port 1024/);
    expect(callbackPortWarning('https://127.0.0.1:1025')).toBeNull();
    expect(callbackPortWarning(DEFAULT_REDIRECT_URI)).toBeNull();
    expect(callbackPortWarning('https://example.com/callback')).toBeNull();
  });
});
