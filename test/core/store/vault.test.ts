import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretStorageInfo } from '../../../common/contract';
import { isArbionError } from '../../../main/core/errors';
import type { Cipher } from '../../../main/core/ports';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { FileKeyCipher, KEY_FILE_NAME, createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { TokenVault, type TokenSet } from '../../../main/core/store/tokenVault';
import { rejectsWithCode } from '../../support/rejects';

/** Stands in for Electron's safeStorage (an OS facility): a different cipher id with its own sealing. */
class OtherCipher implements Cipher {
  readonly id = 'safeStorage:basic_text';
  info(): SecretStorageInfo {
    return { cipher: 'safeStorage', backend: 'basic_text', weak: true, description: 'test stand-in' };
  }
  async seal(plaintext: string): Promise<Buffer> {
    return Buffer.from(Buffer.from(plaintext, 'utf8').map((b) => b ^ 0x5a));
  }
  async open(sealed: Buffer): Promise<string> {
    return Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8');
  }
}

const token = (prefix: string): string => `${prefix}0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.${crypto.randomBytes(32).toString('base64url')}@`;

function tokenSet(now = Date.UTC(2026, 0, 5, 15)): TokenSet {
  return {
    accessToken: token('I'),
    refreshToken: token('R'),
    scope: 'api',
    signedInAt: now,
    accessExpiresAt: now + 1_800_000,
    refreshExpiresAt: now + 7 * 86_400_000,
    refreshedAt: null,
  };
}


describe('FileKeyCipher', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cipher-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a random 256-bit key in a 0600 file and reports itself as weak', () => {
    const cipher = createFileKeyCipher(dir);
    const keyFile = path.join(dir, KEY_FILE_NAME);
    expect(fs.statSync(keyFile).size).toBe(32);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(cipher.id).toBe('file-key');
    expect(cipher.info()).toEqual({ cipher: 'file-key', backend: 'file', weak: true, description: 'file key, not OS-protected' });
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cipher-'));
    try {
      createFileKeyCipher(other);
      expect(fs.readFileSync(path.join(other, KEY_FILE_NAME)).equals(fs.readFileSync(keyFile))).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('seals with AES-256-GCM: fresh IV per value, round trip, reused key file', async () => {
    const a = createFileKeyCipher(dir);
    const secret = token('I');
    const s1 = await a.seal(secret);
    const s2 = await a.seal(secret);
    expect(s1.equals(s2)).toBe(false);
    expect(s1.includes(Buffer.from(secret))).toBe(false);
    expect(await a.open(s1)).toBe(secret);
    const b = createFileKeyCipher(dir);
    expect(await b.open(s2)).toBe(secret);
  });

  it('refuses a value sealed by another key or tampered with, instead of returning garbage', async () => {
    const a = createFileKeyCipher(dir);
    const sealed = await a.seal('value-123456');
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cipher-'));
    try {
      await rejectsWithCode(createFileKeyCipher(otherDir).open(sealed), 'CipherMismatch', /different key/);
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    await rejectsWithCode(a.open(tampered), 'CipherMismatch', /integrity/);
    await rejectsWithCode(a.open(Buffer.from('plain text')), 'CipherMismatch');
  });

  it('refuses a damaged key file with a clear message', () => {
    fs.writeFileSync(path.join(dir, KEY_FILE_NAME), 'short');
    try {
      new FileKeyCipher(path.join(dir, KEY_FILE_NAME));
      throw new Error('expected CipherUnavailable');
    } catch (e) {
      expect(isArbionError(e, 'CipherUnavailable')).toBe(true);
      expect((e as Error).message).toMatch(/damaged/);
    }
  });
});

describe('TokenVault', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let vault: TokenVault;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-vault-'));
    file = path.join(dir, 'arbion.db');
    db = openDatabase(file);
    vault = new TokenVault(db, createFileKeyCipher(dir));
  });
  afterEach(() => {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts signed out', async () => {
    expect(vault.meta()).toMatchObject({ status: 'signed-out', signedInAt: null });
    expect(await vault.readTokens()).toBeNull();
  });

  it('stores a token set with its metadata and reads it back; each sealed row records its cipher', async () => {
    const set = tokenSet();
    expect(await vault.saveTokens(set)).toBe(true);
    expect(await vault.readTokens()).toEqual(set);
    expect(vault.meta()).toMatchObject({ status: 'signed-in', reason: null, signedInAt: set.signedInAt, scope: 'api' });
    const rows = db.prepare('SELECT name, cipher FROM secrets ORDER BY name').all();
    expect(rows).toEqual([
      { name: 'access_token', cipher: 'file-key' },
      { name: 'refresh_token', cipher: 'file-key' },
    ]);
  });

  it('reauth-required keeps the tokens and the reason; sign-out wipes them', async () => {
    const set = tokenSet();
    await vault.saveTokens(set);
    vault.markReauthRequired('Schwab no longer accepts the saved sign-in.');
    expect(vault.meta()).toMatchObject({ status: 'reauth-required', reason: 'Schwab no longer accepts the saved sign-in.' });
    expect((await vault.readTokens())?.refreshToken).toBe(set.refreshToken);
    vault.clearTokens();
    expect(vault.meta().status).toBe('signed-out');
    expect(await vault.readTokens()).toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });

  it('a refresh write is skipped when the sign-in it belongs to is gone', async () => {
    const set = tokenSet();
    await vault.saveTokens(set);
    vault.clearTokens();
    expect(await vault.saveTokens({ ...tokenSet(), signedInAt: set.signedInAt }, { ifSignedInAt: set.signedInAt })).toBe(false);
    expect(vault.meta().status).toBe('signed-out');
    await vault.saveTokens(set);
    expect(await vault.saveTokens({ ...set, accessToken: token('I') }, { ifSignedInAt: set.signedInAt - 1 })).toBe(false);
    expect((await vault.readTokens())?.accessToken).toBe(set.accessToken);
  });

  it('a vault sealed by another cipher is a clear error, never garbage, never silently overwritten', async () => {
    const foreign = new TokenVault(db, new OtherCipher());
    const set = tokenSet();
    await foreign.saveTokens(set);
    await foreign.setSecret('client_secret', 'other-host-secret');

    expect(vault.foreignCipher()).toBe('safeStorage:basic_text');
    await rejectsWithCode(vault.readTokens(), 'CipherMismatch', /sealed by "safeStorage:basic_text".*"file-key"/);
    await rejectsWithCode(vault.getSecret('client_secret'), 'CipherMismatch');
    await rejectsWithCode(vault.saveTokens(tokenSet()), 'CipherMismatch');
    await rejectsWithCode(vault.setSecret('client_secret', 'mine-123456'), 'CipherMismatch');
    // Untouched: the host that sealed them still reads them.
    expect(await foreign.readTokens()).toEqual(set);
    expect(await foreign.getSecret('client_secret')).toBe('other-host-secret');

    // Explicit user actions may replace them: a new secret from Settings, and sign-out.
    await vault.setSecret('client_secret', 'mine-123456', { replaceForeign: true });
    expect(await vault.getSecret('client_secret')).toBe('mine-123456');
    vault.clearTokens();
    expect(vault.foreignCipher()).toBeNull();
    await vault.saveTokens(set);
    expect(await vault.readTokens()).toEqual(set);
  });

  it('a token set written by one connection is complete for another (WAL, one transaction)', async () => {
    const set = tokenSet();
    await vault.saveTokens(set);
    const db2 = openDatabase(file);
    try {
      const reader = new TokenVault(db2, createFileKeyCipher(dir));
      expect(await reader.readTokens()).toEqual(set);
    } finally {
      db2.close();
    }
  });

  it('the database file and its WAL hold no token or secret in clear', async () => {
    const set = tokenSet();
    const secret = 'client-secret-' + crypto.randomBytes(8).toString('hex');
    await vault.saveTokens(set);
    await vault.setSecret('client_secret', secret);
    vault.setConfig('client_id', 'APPKEY-not-secret');
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    for (const s of [set.accessToken, set.refreshToken, secret]) {
      expect(bytes.includes(Buffer.from(s, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(s, 'utf16le'))).toBe(false);
      // Not even a long slice of it.
      expect(bytes.includes(Buffer.from(s.slice(10, 30), 'utf8'))).toBe(false);
    }
    expect(bytes.includes(Buffer.from('APPKEY-not-secret'))).toBe(true);
  });

  it('stores plain config values', () => {
    expect(vault.getConfig('client_id')).toBeNull();
    vault.setConfig('client_id', 'abc');
    vault.setConfig('client_id', 'def');
    expect(vault.getConfig('client_id')).toBe('def');
    vault.setConfig('client_id', null);
    expect(vault.getConfig('client_id')).toBeNull();
  });
});

describe('TokenVault on a full disk', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-full-'));
    db = openDatabase(path.join(dir, 'arbion.db'));
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** SQLite's own limit on the file's size makes every growing write fail with a real SQLITE_FULL. */
  function fillTheDisk(): void {
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`);
    const insert = db.prepare("INSERT INTO audit_log (at, event, outcome, detail) VALUES (0, 'filler', 'ok', ?)");
    expect(() => {
      for (let i = 0; i < 1000; i++) insert.run('x'.repeat(2000));
    }).toThrow(/full/);
  }

  it('a sign-in that cannot be saved is a clear StorageFailed, and the stored sign-in is intact', async () => {
    const vault = new TokenVault(db, createFileKeyCipher(dir));
    const before = tokenSet();
    await vault.saveTokens(before);
    fillTheDisk();
    // Longer tokens need new pages, which the full file cannot give.
    const bigger = { ...tokenSet(Date.UTC(2026, 0, 6)), accessToken: token('I').repeat(40), refreshToken: token('R').repeat(40) };
    await rejectsWithCode(vault.saveTokens(bigger), 'StorageFailed', /could not save the Schwab sign-in: the disk is full\. Nothing saved earlier was changed/);
    expect(await vault.readTokens()).toEqual(before);
    expect(() => vault.setConfig('redirect_uri', 'https://127.0.0.1:8182/' + 'x'.repeat(20_000))).toThrow(/the disk is full/);
  });
});
