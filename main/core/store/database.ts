// The one SQLite file in the data dir: WAL, foreign keys, `user_version` migrations.
// Each migration runs in a transaction, so a crash mid-upgrade leaves the previous version intact.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ArbionError } from '../errors';
import { makeDirectory } from './dataDir';

export type Db = Database.Database;

/** Append-only: never edit a shipped migration, add the next one. */
export const MIGRATIONS: readonly string[] = [
  // v1
  `
  CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,            -- 'access_token' | 'refresh_token' | 'client_secret'
    cipher     TEXT NOT NULL,               -- which Cipher sealed it (e.g. 'file-key', 'safeStorage:gnome_libsecret')
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE token_meta (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    status            TEXT NOT NULL,        -- 'signed-out' | 'signed-in' | 'reauth-required'
    reason            TEXT,
    signed_in_at      INTEGER,              -- ms; the 7-day refresh deadline counts from here
    access_expires_at INTEGER,
    refresh_expires_at INTEGER,
    refreshed_at      INTEGER,
    scope             TEXT,
    updated_at        INTEGER NOT NULL
  );
  CREATE TABLE config (
    key   TEXT PRIMARY KEY,                 -- non-secret settings such as client_id, redirect_uri
    value TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    event   TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'fail', 'info')),
    detail  TEXT
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  CREATE TABLE account_map (
    account_number TEXT PRIMARY KEY,
    hash           TEXT NOT NULL,
    fetched_at     INTEGER NOT NULL
  );
  CREATE TABLE snapshot_cache (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    as_of INTEGER NOT NULL,
    json  TEXT NOT NULL
  );
  CREATE TABLE balance_series (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE               -- account hash, or 'total' (a small id keeps history rows tiny)
  );
  CREATE TABLE balance_history (
    series_id         INTEGER NOT NULL REFERENCES balance_series(id) ON DELETE CASCADE,
    at                INTEGER NOT NULL,     -- ms
    liquidation_cents INTEGER NOT NULL,
    day_change_cents  INTEGER NOT NULL,
    tier              INTEGER NOT NULL DEFAULT 0,  -- 0 raw, 1 15-minute, 2 daily
    PRIMARY KEY (series_id, at)
  ) WITHOUT ROWID;
  `,
  // v2: names for symbols whose positions Schwab sends without a description (equities), from a quote's
  // reference block. An empty description means "looked up, none found" (retried after a while).
  `
  CREATE TABLE symbol_names (
    symbol       TEXT PRIMARY KEY,
    description  TEXT NOT NULL,
    looked_up_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // v3: what the user calls each account in Schwab (GET /trader/v1/userPreference), fetched once per sign-in
  // and kept so a restart shows the names before Schwab answers.
  `
  CREATE TABLE account_preferences (
    account_number TEXT PRIMARY KEY,
    nickname       TEXT,
    kind           TEXT,                  -- Schwab's type, e.g. 'BROKERAGE'
    display_id     TEXT,                  -- Schwab's own masked id, e.g. '...122'
    fetched_at     INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // v4: orders and transactions (normalised JSON, keyed by Schwab's ids) and how far each account is synced.
  `
  CREATE TABLE activity_transactions (
    activity_id  TEXT PRIMARY KEY,
    account_hash TEXT NOT NULL,
    at           INTEGER NOT NULL,
    json         TEXT NOT NULL
  );
  CREATE INDEX activity_transactions_account_at ON activity_transactions(account_hash, at);
  CREATE TABLE activity_orders (
    order_id     TEXT PRIMARY KEY,
    account_hash TEXT NOT NULL,
    entered_at   INTEGER NOT NULL,
    status       TEXT NOT NULL,
    json         TEXT NOT NULL
  );
  CREATE TABLE activity_sync (
    account_hash TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('orders', 'transactions')),
    synced_to    INTEGER NOT NULL,
    PRIMARY KEY (account_hash, kind)
  ) WITHOUT ROWID;
  `,
  // v5: alert rules (with their hysteresis state and last notification) and the fired-alerts log; the two
  // built-ins start on.
  `
  CREATE TABLE alert_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    spec        TEXT NOT NULL,              -- AlertRuleSpec JSON
    dedupe_key  TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1,
    builtin     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    state       TEXT NOT NULL DEFAULT '{"disarmed":[]}',
    notified_at INTEGER                     -- last OS notification (at most one per 5 minutes)
  );
  INSERT INTO alert_rules (spec, dedupe_key, label, builtin, created_at) VALUES
    ('{"kind":"margin-call"}', 'margin-call', 'A margin account goes into a call', 1, 0),
    ('{"kind":"option-expiry","days":3}', 'option-expiry', 'An option position expires within 3 days', 1, 0);
  CREATE TABLE fired_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id      INTEGER NOT NULL,          -- kept when the rule is removed
    at           INTEGER NOT NULL,
    subject      TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    private_title TEXT NOT NULL,
    private_body TEXT NOT NULL,
    notified     INTEGER NOT NULL,
    seen         INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX fired_alerts_at ON fired_alerts(at);
  `,
  // v6: three more built-ins, on from the start: an option moving into the money, low buying power (below
  // $0 until the user sets a level) and an order filled or rejected.
  `
  INSERT INTO alert_rules (spec, dedupe_key, label, builtin, created_at) VALUES
    ('{"kind":"option-itm"}', 'option-itm', 'An option position moves into the money', 1, 0),
    ('{"kind":"low-buying-power","level":null}', 'low-buying-power', 'An account''s buying power falls below $0.00', 1, 0),
    ('{"kind":"order-status"}', 'order-status', 'An order is filled or rejected', 1, 0);
  `,
];

export function openDatabase(file: string): Db {
  try {
    if (file !== ':memory:') makeDirectory(path.dirname(file));
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    if (file !== ':memory:') {
      try {
        fs.chmodSync(file, 0o600);
      } catch {
        // Not fatal on filesystems without modes.
      }
    }
    return db;
  } catch (e) {
    if (e instanceof ArbionError) throw e;
    throw new ArbionError('StorageFailed', `Could not open the Arbion database at ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ArbionError(
      'StorageFailed',
      `The database was written by a newer Arbion (schema ${current}, this build knows ${MIGRATIONS.length}). Update Arbion.`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
