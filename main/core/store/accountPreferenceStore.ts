// The user's names for their accounts (Schwab's userPreference), keyed by account number, replaced as a whole
// on each fetch (an account unlinked since is forgotten) and kept across restarts.
import type { Db } from './database';

export interface AccountPreference {
  accountNumber: string;
  nickname: string | null;
  kind: string | null;
  displayId: string | null;
}

export interface AccountPreferenceStore {
  get(accountNumber: string): AccountPreference | undefined;
  replace(entries: readonly AccountPreference[], fetchedAt: number): void;
  /** When the stored preferences were fetched (null: never). */
  fetchedAt(): number | null;
  clear(): void;
}

interface Row {
  account_number: string;
  nickname: string | null;
  kind: string | null;
  display_id: string | null;
  fetched_at: number;
}

export function createAccountPreferenceStore(db: Db): AccountPreferenceStore {
  const insert = db.prepare<[string, string | null, string | null, string | null, number]>(
    'INSERT INTO account_preferences (account_number, nickname, kind, display_id, fetched_at) VALUES (?, ?, ?, ?, ?)',
  );
  const removeAll = db.prepare('DELETE FROM account_preferences');
  const rows = db.prepare<[], Row>('SELECT * FROM account_preferences').all();
  let byNumber = new Map<string, AccountPreference>(
    rows.map((r) => [r.account_number, { accountNumber: r.account_number, nickname: r.nickname, kind: r.kind, displayId: r.display_id }]),
  );
  let fetched: number | null = rows.length > 0 ? Math.max(...rows.map((r) => r.fetched_at)) : null;
  const replaceAll = db.transaction((entries: readonly AccountPreference[], at: number) => {
    removeAll.run();
    for (const e of entries) insert.run(e.accountNumber, e.nickname, e.kind, e.displayId, at);
  });
  return {
    get: (n) => byNumber.get(n),
    replace(entries, at) {
      replaceAll(entries, at);
      byNumber = new Map(entries.map((e) => [e.accountNumber, { ...e }]));
      // An empty answer still counts as fetched for this sign-in.
      fetched = at;
    },
    fetchedAt: () => fetched,
    clear() {
      removeAll.run();
      byNumber = new Map();
      fetched = null;
    },
  };
}
