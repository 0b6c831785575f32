// The safeStorage cipher: backend recorded in the id, basic_text asked once (and honoured), declined =
// memory only (proved against the real token vault and SQLite), backend changes detected and explained.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../main/core/store/database';
import { TokenVault } from '../../main/core/store/tokenVault';
import { isArbionError } from '../../main/core/errors';
import { silentLogger } from '../../main/core/log/logger';
import {
  MEMORY_CIPHER_ID,
  createMemoryCipher,
  createSafeStorageCipher,
  explainBackendChange,
  type SafeStorageApi,
  type StorageBackend,
} from '../../main/electron/safeStorageCipher';
import { openAppState, tempDir } from './appState';

/** Electron's safeStorage as the OS would behave: one key per backend, basic_text only after opt-in. */
class FakeSafeStorage implements SafeStorageApi {
  readonly calls: string[] = [];
  private plainTextAllowed = false;
  private static keys = new Map<string, Buffer>();
  constructor(
    private backend: StorageBackend,
    private readonly keyringWorks = true,
  ) {}
  private key(): Buffer {
    const k = FakeSafeStorage.keys.get(this.backend) ?? randomBytes(32);
    FakeSafeStorage.keys.set(this.backend, k);
    return k;
  }
  getSelectedStorageBackend(): ReturnType<SafeStorageApi['getSelectedStorageBackend']> {
    this.calls.push('getSelectedStorageBackend');
    return this.backend as ReturnType<SafeStorageApi['getSelectedStorageBackend']>;
  }
  setUsePlainTextEncryption(on: boolean): void {
    this.calls.push(`setUsePlainTextEncryption(${on})`);
    this.plainTextAllowed = on;
  }
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return this.backend === 'basic_text' ? this.plainTextAllowed : this.keyringWorks;
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), body]);
  }
  async decryptStringAsync(sealed: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const d = createDecipheriv('aes-256-gcm', this.key(), sealed.subarray(3, 15));
    d.setAuthTag(sealed.subarray(15, 31));
    return { result: Buffer.concat([d.update(sealed.subarray(31)), d.final()]).toString('utf8'), shouldReEncrypt: false };
  }
}

const dirs: string[] = [];
function stateDir(): string {
  const d = tempDir('arbion-cipher-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const never = async (): Promise<boolean> => {
  throw new Error('must not ask');
};

describe('platform backends', () => {
  it.each([
    ['darwin', 'gnome_libsecret', 'safeStorage:keychain'],
    ['win32', 'gnome_libsecret', 'safeStorage:dpapi'],
    ['linux', 'gnome_libsecret', 'safeStorage:gnome_libsecret'],
    ['linux', 'kwallet6', 'safeStorage:kwallet6'],
  ] as const)('%s with %s seals as %s, strong, without asking', async (platform, backend, id) => {
    const cipher = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage(backend),
      platform,
      state: openAppState(stateDir()),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(cipher.id).toBe(id);
    expect(cipher.persistent).toBe(true);
    expect(cipher.info().weak).toBe(false);
    expect(cipher.info().backend).toBe(id.split(':')[1]);
    const sealed = await cipher.seal('refresh-token-value');
    expect(sealed.includes(Buffer.from('refresh-token-value'))).toBe(false);
    expect(await cipher.open(sealed)).toBe('refresh-token-value');
  });

  it('falls back to memory when the keyring does not answer', async () => {
    const cipher = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('gnome_libsecret', false),
      platform: 'linux',
      state: openAppState(stateDir()),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(cipher.id).toBe(MEMORY_CIPHER_ID);
    expect(cipher.persistent).toBe(false);
    expect(cipher.info()).toMatchObject({ backend: 'memory', weak: true });
  });
});

describe('Linux without a keyring (basic_text)', () => {
  it('asks once; "store anyway" enables plain-text encryption before the encryptor starts, and is remembered', async () => {
    const dir = stateDir();
    const ask = vi.fn(async () => true);
    const safeStorage = new FakeSafeStorage('basic_text');
    const cipher = await createSafeStorageCipher({ safeStorage, platform: 'linux', state: openAppState(dir), askWeakStorage: ask, logger: silentLogger });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(safeStorage.calls.indexOf('setUsePlainTextEncryption(true)')).toBeLessThan(safeStorage.calls.indexOf('isAsyncEncryptionAvailable'));
    expect(cipher.id).toBe('safeStorage:basic_text');
    expect(cipher.persistent).toBe(true);
    expect(cipher.info().weak).toBe(true);
    expect(cipher.info().description).toMatch(/not protected/);
    const sealed = await cipher.seal('tok');

    // Next launch: no question, same id, the stored value still opens.
    const again = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('basic_text'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(again.id).toBe('safeStorage:basic_text');
    expect(await again.open(sealed)).toBe('tok');
  });

  it('declined: memory only, never asked again, nothing usable survives a restart (real vault + SQLite)', async () => {
    const dir = stateDir();
    const ask = vi.fn(async () => false);
    const safeStorage = new FakeSafeStorage('basic_text');
    const cipher = await createSafeStorageCipher({ safeStorage, platform: 'linux', state: openAppState(dir), askWeakStorage: ask, logger: silentLogger });
    expect(cipher.id).toBe(MEMORY_CIPHER_ID);
    expect(cipher.persistent).toBe(false);
    expect(cipher.info()).toMatchObject({ cipher: 'memory', backend: 'memory', weak: true });
    expect(safeStorage.calls).not.toContain('setUsePlainTextEncryption(true)');

    const dbFile = path.join(dir, 'arbion.db');
    const now = Date.now();
    const tokens = {
      accessToken: 'access-abc-123',
      refreshToken: 'refresh-def-456',
      scope: 'api',
      signedInAt: now,
      accessExpiresAt: now + 1_800_000,
      refreshExpiresAt: now + 7 * 86_400_000,
      refreshedAt: null,
    };
    const db = openDatabase(dbFile);
    const vault = new TokenVault(db, cipher);
    await vault.saveTokens(tokens);
    expect((await vault.readTokens())?.refreshToken).toBe('refresh-def-456');
    db.close();
    // The tokens never touched the disk.
    const onDisk = Buffer.concat(
      fs.readdirSync(dir).filter((f) => f.startsWith('arbion.db')).map((f) => fs.readFileSync(path.join(dir, f))),
    );
    expect(onDisk.includes(Buffer.from('refresh-def-456'))).toBe(false);
    expect(onDisk.includes(Buffer.from('access-abc-123'))).toBe(false);

    // Restart: the decision holds without a dialog, and the stored handles open nothing.
    const next = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('basic_text'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(ask).toHaveBeenCalledTimes(1);
    const db2 = openDatabase(dbFile);
    const err = await new TokenVault(db2, next).readTokens().catch((e: unknown) => e);
    db2.close();
    expect(isArbionError(err, 'CipherUnavailable')).toBe(true);
  });
});

describe('backend changes', () => {
  it('detects and explains a different backend than the one that sealed the tokens', async () => {
    const dir = stateDir();
    const first = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(first.backendChange).toBeNull();
    const sealed = await first.seal('tok');

    const second = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('kwallet6'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(second.id).toBe('safeStorage:kwallet6');
    expect(second.backendChange).toEqual({ from: 'gnome_libsecret', to: 'kwallet6' });
    expect(second.info().description).toMatch(/GNOME keyring .*KDE Wallet 6.*sign in again/s);
    const err = await second.open(sealed).catch((e: unknown) => e);
    expect(isArbionError(err, 'CipherMismatch')).toBe(true);
    expect((err as Error).message).toBe(explainBackendChange({ from: 'gnome_libsecret', to: 'kwallet6' }));

    // Sealing nothing under kwallet6 leaves the GNOME keyring recorded: the next launch still explains it.
    const third = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('kwallet6'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(third.backendChange).toEqual({ from: 'gnome_libsecret', to: 'kwallet6' });
    expect(openAppState(dir).get('lastStorageBackend')).toBe('gnome_libsecret');

    // Signing in again seals with kwallet6: the change is settled now and on later launches.
    await third.seal('new-tok');
    expect(third.backendChange).toBeNull();
    expect(third.info().description).not.toMatch(/sign in again/);
    expect(openAppState(dir).get('lastStorageBackend')).toBe('kwallet6');
    const fourth = await createSafeStorageCipher({
      safeStorage: new FakeSafeStorage('kwallet6'),
      platform: 'linux',
      state: openAppState(dir),
      askWeakStorage: never,
      logger: silentLogger,
    });
    expect(fourth.backendChange).toBeNull();
  });

  it('a launch that seals nothing does not record its backend (A seals, B only opens, A again: no change)', async () => {
    const dir = stateDir();
    const launch = (backend: StorageBackend) =>
      createSafeStorageCipher({ safeStorage: new FakeSafeStorage(backend), platform: 'linux', state: openAppState(dir), askWeakStorage: never, logger: silentLogger });
    const a = await launch('gnome_libsecret');
    const sealed = await a.seal('tok');
    expect(openAppState(dir).get('lastStorageBackend')).toBe('gnome_libsecret');
    expect((await launch('kwallet5')).backendChange).toEqual({ from: 'gnome_libsecret', to: 'kwallet5' });
    const back = await launch('gnome_libsecret');
    expect(back.backendChange).toBeNull();
    expect(await back.open(sealed)).toBe('tok');
  });

  it('a failed seal records nothing', async () => {
    const dir = stateDir();
    const state = openAppState(dir);
    state.set('lastStorageBackend', 'gnome_libsecret');
    const broken = new FakeSafeStorage('kwallet6');
    broken.encryptStringAsync = async () => {
      throw new Error('wallet locked');
    };
    const c = await createSafeStorageCipher({ safeStorage: broken, platform: 'linux', state, askWeakStorage: never, logger: silentLogger });
    const err = await c.seal('tok').catch((e: unknown) => e);
    expect(isArbionError(err, 'CipherUnavailable')).toBe(true);
    expect(openAppState(dir).get('lastStorageBackend')).toBe('gnome_libsecret');
    expect(c.backendChange).toEqual({ from: 'gnome_libsecret', to: 'kwallet6' });
  });

  it('memory-only sessions record "memory" only when they seal, so a later keyring launch explains the lost sign-in', async () => {
    const dir = stateDir();
    const state = openAppState(dir);
    state.set('weakStorageDecision', 'memory-only');
    state.set('lastStorageBackend', 'gnome_libsecret');
    const mem = await createSafeStorageCipher({ safeStorage: new FakeSafeStorage('basic_text'), platform: 'linux', state, askWeakStorage: never, logger: silentLogger });
    expect(mem.id).toBe(MEMORY_CIPHER_ID);
    expect(mem.backendChange).toEqual({ from: 'gnome_libsecret', to: 'memory' });
    expect(openAppState(dir).get('lastStorageBackend')).toBe('gnome_libsecret');
    await mem.seal('tok');
    expect(mem.backendChange).toBeNull();
    expect(openAppState(dir).get('lastStorageBackend')).toBe('memory');
    const keyring = await createSafeStorageCipher({ safeStorage: new FakeSafeStorage('kwallet6'), platform: 'linux', state: openAppState(dir), askWeakStorage: never, logger: silentLogger });
    expect(keyring.backendChange).toEqual({ from: 'memory', to: 'kwallet6' });
  });

  it('the cipher id changes with the backend, so the vault refuses rows sealed by the old one', async () => {
    const dir = stateDir();
    const a = await createSafeStorageCipher({ safeStorage: new FakeSafeStorage('gnome_libsecret'), platform: 'linux', state: openAppState(dir), askWeakStorage: never, logger: silentLogger });
    const db = openDatabase(path.join(dir, 'arbion.db'));
    await new TokenVault(db, a).setSecret('client_secret', 'shh');
    const b = await createSafeStorageCipher({ safeStorage: new FakeSafeStorage('basic_text'), platform: 'linux', state: openAppState(dir), askWeakStorage: async () => true, logger: silentLogger });
    const err = await new TokenVault(db, b).getSecret('client_secret').catch((e: unknown) => e);
    db.close();
    expect(isArbionError(err, 'CipherMismatch')).toBe(true);
  });
});

describe('the memory cipher', () => {
  it('round-trips within the process and stores only a random handle', async () => {
    const c = createMemoryCipher('declined');
    const sealed = await c.seal('secret-token');
    expect(sealed.toString('utf8')).not.toContain('secret-token');
    expect(await c.open(sealed)).toBe('secret-token');
    expect((await c.seal('secret-token')).equals(sealed)).toBe(false);
    await expect(createMemoryCipher('declined').open(sealed)).rejects.toThrow(/earlier session/);
    await expect(c.open(Buffer.from('garbage'))).rejects.toThrow(/earlier session/);
  });
});
