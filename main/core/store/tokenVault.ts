// Sealed secrets (tokens, client secret), token metadata and stored config in the one SQLite file.
// Sealing is async (Cipher port), so values are sealed first and then written in one synchronous
// transaction: a crash mid-write leaves the previous token set or the new one, never a mix.
import type { SecretStorageInfo } from '../../../common/contract';
import { ArbionError } from '../errors';
import { registerSecret, type SecretSlot } from '../log/redact';
import { systemClock, type Cipher, type Clock } from '../ports';
import type { Db } from './database';
import { writeOrExplain } from './storageError';

export type SecretName = 'access_token' | 'refresh_token' | 'client_secret';
export type StoredAuthStatus = 'signed-out' | 'signed-in' | 'reauth-required';
/** Keys of the vault's (non-secret) config table. */
export type ConfigKey = 'client_id' | 'redirect_uri' | 'api_base_url';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  scope: string | null;
  /** ms; the refresh token's 7-day deadline counts from here and refresh never moves it. */
  signedInAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  refreshedAt: number | null;
}

export interface TokenMeta {
  status: StoredAuthStatus;
  reason: string | null;
  signedInAt: number | null;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  refreshedAt: number | null;
  scope: string | null;
  updatedAt: number | null;
}

interface SecretRow {
  name: string;
  cipher: string;
  sealed: Buffer;
}

interface MetaRow {
  status: string;
  reason: string | null;
  signed_in_at: number | null;
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  refreshed_at: number | null;
  scope: string | null;
  updated_at: number;
}

const SECRET_SLOT: Record<SecretName, SecretSlot> = {
  access_token: 'access-token',
  refresh_token: 'refresh-token',
  client_secret: 'client-secret',
};
const TOKEN_NAMES: readonly SecretName[] = ['access_token', 'refresh_token'];

const SIGNED_OUT: TokenMeta = {
  status: 'signed-out',
  reason: null,
  signedInAt: null,
  accessExpiresAt: null,
  refreshExpiresAt: null,
  refreshedAt: null,
  scope: null,
  updatedAt: null,
};

function mismatch(stored: string, current: string, file: string): ArbionError {
  return new ArbionError(
    'CipherMismatch',
    `The secrets in ${file} were sealed by "${stored}", but this host seals with "${current}". ` +
      'Open them with the host that sealed them, or sign out here to discard them and sign in again.',
  );
}

export class TokenVault {
  constructor(
    readonly db: Db,
    readonly cipher: Cipher,
    private readonly clock: Clock = systemClock,
  ) {}

  get storage(): SecretStorageInfo {
    return this.cipher.info();
  }

  /** The id of another cipher that sealed any stored secret, or null when every row is ours. */
  foreignCipher(): string | null {
    const row = this.db
      .prepare('SELECT cipher FROM secrets WHERE cipher <> ? ORDER BY name LIMIT 1')
      .get(this.cipher.id) as { cipher: string } | undefined;
    return row?.cipher ?? null;
  }

  meta(): TokenMeta {
    const row = this.db.prepare('SELECT * FROM token_meta WHERE id = 1').get() as MetaRow | undefined;
    if (!row) return { ...SIGNED_OUT };
    const status: StoredAuthStatus =
      row.status === 'signed-in' || row.status === 'reauth-required' ? row.status : 'signed-out';
    return {
      status,
      reason: row.reason,
      signedInAt: row.signed_in_at,
      accessExpiresAt: row.access_expires_at,
      refreshExpiresAt: row.refresh_expires_at,
      refreshedAt: row.refreshed_at,
      scope: row.scope,
      updatedAt: row.updated_at,
    };
  }

  /**
   * Store a complete token set and mark the vault signed in, in one transaction. With `ifSignedInAt`
   * (a refresh) nothing is written unless the vault still holds that sign-in — a sign-out or a newer
   * sign-in that happened while Schwab answered wins. Returns whether the set was written.
   */
  async saveTokens(set: TokenSet, options: { ifSignedInAt?: number } = {}): Promise<boolean> {
    registerSecret(set.accessToken, 'access-token');
    registerSecret(set.refreshToken, 'refresh-token');
    const [access, refresh] = await Promise.all([this.cipher.seal(set.accessToken), this.cipher.seal(set.refreshToken)]);
    const now = this.clock.now();
    const upsertSecret = this.db.prepare(
      `INSERT INTO secrets (name, cipher, sealed, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET cipher = excluded.cipher, sealed = excluded.sealed, updated_at = excluded.updated_at`,
    );
    const upsertMeta = this.db.prepare(
      `INSERT INTO token_meta (id, status, reason, signed_in_at, access_expires_at, refresh_expires_at, refreshed_at, scope, updated_at)
       VALUES (1, 'signed-in', NULL, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = 'signed-in', reason = NULL, signed_in_at = excluded.signed_in_at,
         access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at,
         refreshed_at = excluded.refreshed_at, scope = excluded.scope, updated_at = excluded.updated_at`,
    );
    return writeOrExplain('the Schwab sign-in', () => this.db.transaction(() => {
      if (options.ifSignedInAt !== undefined) {
        const meta = this.meta();
        if (meta.status === 'signed-out' || meta.signedInAt !== options.ifSignedInAt) return false;
      }
      this.refuseForeignRows(TOKEN_NAMES);
      upsertSecret.run('access_token', this.cipher.id, access, now);
      upsertSecret.run('refresh_token', this.cipher.id, refresh, now);
      upsertMeta.run(set.signedInAt, set.accessExpiresAt, set.refreshExpiresAt, set.refreshedAt, set.scope, now);
      return true;
    }).immediate());
  }

  /** The stored token set, or null when signed out. Status reauth-required still returns the tokens. */
  async readTokens(): Promise<TokenSet | null> {
    const { meta, rows } = this.db.transaction(() => ({
      meta: this.meta(),
      rows: this.db
        .prepare(`SELECT name, cipher, sealed FROM secrets WHERE name IN ('access_token', 'refresh_token')`)
        .all() as SecretRow[],
    }))();
    if (meta.status === 'signed-out' || rows.length === 0) return null;
    const access = rows.find((r) => r.name === 'access_token');
    const refresh = rows.find((r) => r.name === 'refresh_token');
    if (!access || !refresh || meta.signedInAt === null || meta.accessExpiresAt === null || meta.refreshExpiresAt === null) {
      throw new ArbionError('StorageFailed', `The token set in ${this.db.name} is incomplete; sign in again.`);
    }
    const [accessToken, refreshToken] = await Promise.all([this.openRow(access), this.openRow(refresh)]);
    registerSecret(accessToken, 'access-token');
    registerSecret(refreshToken, 'refresh-token');
    return {
      accessToken,
      refreshToken,
      scope: meta.scope,
      signedInAt: meta.signedInAt,
      accessExpiresAt: meta.accessExpiresAt,
      refreshExpiresAt: meta.refreshExpiresAt,
      refreshedAt: meta.refreshedAt,
    };
  }

  /** Keep the tokens, but record that Schwab refused them and why (the UI and every CLI run read this). */
  markReauthRequired(reason: string): void {
    writeOrExplain('the sign-in state', () =>
      this.db
        .prepare(`UPDATE token_meta SET status = 'reauth-required', reason = ?, updated_at = ? WHERE id = 1`)
        .run(reason, this.clock.now()),
    );
  }

  /** Sign-out: delete the sealed tokens (whichever cipher sealed them — the user asked) and the metadata. */
  clearTokens(): void {
    writeOrExplain('the sign-out', () =>
      this.db.transaction(() => {
        this.db.prepare(`DELETE FROM secrets WHERE name IN ('access_token', 'refresh_token')`).run();
        this.db.prepare('DELETE FROM token_meta').run();
      }).immediate(),
    );
  }

  async setSecret(name: SecretName, value: string, options: { replaceForeign?: boolean } = {}): Promise<void> {
    registerSecret(value, SECRET_SLOT[name]);
    const sealed = await this.cipher.seal(value);
    writeOrExplain(name === 'client_secret' ? 'the App Secret' : 'the Schwab sign-in', () => this.db.transaction(() => {
      if (!options.replaceForeign) this.refuseForeignRows([name]);
      this.db
        .prepare(
          `INSERT INTO secrets (name, cipher, sealed, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET cipher = excluded.cipher, sealed = excluded.sealed, updated_at = excluded.updated_at`,
        )
        .run(name, this.cipher.id, sealed, this.clock.now());
    }).immediate());
  }

  async getSecret(name: SecretName): Promise<string | null> {
    const row = this.db.prepare('SELECT name, cipher, sealed FROM secrets WHERE name = ?').get(name) as
      | SecretRow
      | undefined;
    if (!row) return null;
    const value = await this.openRow(row);
    registerSecret(value, SECRET_SLOT[name]);
    return value;
  }

  hasSecret(name: SecretName): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  }

  deleteSecret(name: SecretName): void {
    this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
  }

  getConfig(key: ConfigKey): string | null {
    const row = this.db.prepare('SELECT value FROM config WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** null deletes the key. */
  setConfig(key: ConfigKey, value: string | null): void {
    writeOrExplain('the Schwab app settings', () => {
      if (value === null) this.db.prepare('DELETE FROM config WHERE key = ?').run(key);
      else
        this.db
          .prepare('INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(key, value);
    });
  }

  private refuseForeignRows(names: readonly SecretName[]): void {
    const placeholders = names.map(() => '?').join(', ');
    const row = this.db
      .prepare(`SELECT cipher FROM secrets WHERE name IN (${placeholders}) AND cipher <> ? LIMIT 1`)
      .get(...names, this.cipher.id) as { cipher: string } | undefined;
    if (row) throw mismatch(row.cipher, this.cipher.id, this.db.name);
  }

  private async openRow(row: SecretRow): Promise<string> {
    if (row.cipher !== this.cipher.id) throw mismatch(row.cipher, this.cipher.id, this.db.name);
    try {
      return await this.cipher.open(row.sealed);
    } catch (e) {
      if (e instanceof ArbionError) throw e;
      throw new ArbionError('CipherUnavailable', `Could not open the sealed ${row.name}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}
