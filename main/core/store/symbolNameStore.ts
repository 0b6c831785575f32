// Names for symbols Schwab's positions carry without a description (equities), kept across restarts so a
// name is looked up once, not on every launch. An empty name means "looked up, Schwab had none".
import type { Db } from './database';

export interface SymbolName {
  description: string;
  lookedUpAt: number;
}

export interface SymbolNameStore {
  get(symbol: string): SymbolName | undefined;
  save(entries: ReadonlyArray<{ symbol: string; description: string }>, at: number): void;
}

export function createSymbolNameStore(db: Db): SymbolNameStore {
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO symbol_names (symbol, description, looked_up_at) VALUES (?, ?, ?)
     ON CONFLICT(symbol) DO UPDATE SET description = excluded.description, looked_up_at = excluded.looked_up_at`,
  );
  const names = new Map<string, SymbolName>(
    db
      .prepare<[], { symbol: string; description: string; looked_up_at: number }>('SELECT symbol, description, looked_up_at FROM symbol_names')
      .all()
      .map((r) => [r.symbol, { description: r.description, lookedUpAt: r.looked_up_at }]),
  );
  const saveAll = db.transaction((entries: ReadonlyArray<{ symbol: string; description: string }>, at: number) => {
    for (const e of entries) upsert.run(e.symbol, e.description, at);
  });
  return {
    get: (symbol) => names.get(symbol),
    save(entries, at) {
      saveAll(entries, at);
      for (const e of entries) names.set(e.symbol, { description: e.description, lookedUpAt: at });
    },
  };
}
