// Schwab's bodies carry plain account numbers while every per-account path takes an opaque hash;
// accountNumbers gives the mapping. It is fetched once per sign-in and kept here.
import type { Db } from './database';

export interface AccountMapEntry {
  accountNumber: string;
  hash: string;
}

export interface AccountMap {
  hashFor(accountNumber: string): string | undefined;
  all(): AccountMapEntry[];
  /** Replaces the whole mapping (accounts may have been unlinked since). */
  replace(entries: readonly AccountMapEntry[], fetchedAt: number): void;
  /** When the mapping was fetched (null: never). */
  fetchedAt(): number | null;
  clear(): void;
}

export function createAccountMap(db: Db): AccountMap {
  const selectAll = db.prepare<[], { account_number: string; hash: string; fetched_at: number }>(
    'SELECT account_number, hash, fetched_at FROM account_map ORDER BY account_number',
  );
  const insert = db.prepare<[string, string, number]>(
    'INSERT INTO account_map (account_number, hash, fetched_at) VALUES (?, ?, ?)',
  );
  const removeAll = db.prepare('DELETE FROM account_map');
  let cache: Map<string, string> | null = null;
  let fetched: number | null = null;

  const load = (): Map<string, string> => {
    if (cache) return cache;
    const rows = selectAll.all();
    cache = new Map(rows.map((r) => [r.account_number, r.hash]));
    fetched = rows.length > 0 ? Math.max(...rows.map((r) => r.fetched_at)) : null;
    return cache;
  };

  const replace = db.transaction((entries: readonly AccountMapEntry[], at: number) => {
    removeAll.run();
    for (const e of entries) insert.run(e.accountNumber, e.hash, at);
  });

  return {
    hashFor: (n) => load().get(n),
    all: () => [...load()].map(([accountNumber, hash]) => ({ accountNumber, hash })),
    replace(entries, at) {
      replace(entries, at);
      cache = new Map(entries.map((e) => [e.accountNumber, e.hash]));
      fetched = at;
    },
    fetchedAt() {
      load();
      return fetched;
    },
    clear() {
      removeAll.run();
      cache = new Map();
      fetched = null;
    },
  };
}
