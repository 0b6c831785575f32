// The last good snapshot, so a restart shows numbers at once (source "cache") while the first live poll
// is under way. One row; a corrupt or outdated row is ignored rather than trusted.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Db } from './database';

export interface SnapshotCache {
  load(): PortfolioSnapshot | null;
  save(snapshot: PortfolioSnapshot): void;
  clear(): void;
}

export function createSnapshotCache(db: Db): SnapshotCache {
  const select = db.prepare<[], { json: string }>('SELECT json FROM snapshot_cache WHERE id = 1');
  const upsert = db.prepare<[number, string]>(
    'INSERT INTO snapshot_cache (id, as_of, json) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET as_of = excluded.as_of, json = excluded.json',
  );
  const remove = db.prepare('DELETE FROM snapshot_cache');
  return {
    load() {
      const row = select.get();
      if (!row) return null;
      try {
        const parsed = JSON.parse(row.json) as unknown;
        return looksLikeSnapshot(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
    save(snapshot) {
      upsert.run(Date.parse(snapshot.asOf), JSON.stringify(snapshot));
    },
    clear() {
      remove.run();
    },
  };
}

/**
 * Enough of a shape check that a half-written or older-format row cannot crash the UI. Rows written before
 * money was carried in cents have no totals.positionCount and are ignored (they would read 100× too small).
 */
function looksLikeSnapshot(v: unknown): v is PortfolioSnapshot {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<PortfolioSnapshot>;
  return (
    typeof s.asOf === 'string' &&
    !Number.isNaN(Date.parse(s.asOf)) &&
    Array.isArray(s.accounts) &&
    s.accounts.every((a) => a && typeof a.hash === 'string' && Array.isArray(a.positions)) &&
    !!s.totals &&
    typeof s.totals.liquidationValue === 'number' &&
    typeof s.totals.positionCount === 'number'
  );
}
