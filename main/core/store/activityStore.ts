// Orders and transactions in SQLite, one row per Schwab id: a transaction seen again replaces its row
// (a PENDING one may turn VALID), an order seen again replaces its row (WORKING → FILLED), so re-reading an
// overlapping range never duplicates anything. Each account remembers how far it has been synced.
import type { ActivityOrder, ActivityTransaction } from '../activity/activityTypes';
import type { Db } from './database';
import { writeOrExplain } from './storageError';

export type SyncKind = 'orders' | 'transactions';

export interface ActivityStore {
  /** Upserts by activityId; returns how many were not stored before. */
  saveTransactions(rows: readonly ActivityTransaction[]): number;
  /** Upserts by orderId. */
  saveOrders(rows: readonly ActivityOrder[]): void;
  /** Oldest first. */
  transactions(filter?: { accountHash?: string; fromMs?: number; toMs?: number }): ActivityTransaction[];
  /** Newest entered first. */
  orders(filter?: { accountHash?: string }): ActivityOrder[];
  syncedTo(accountHash: string, kind: SyncKind): number | undefined;
  setSyncedTo(accountHash: string, kind: SyncKind, ms: number): void;
}

export function createActivityStore(db: Db): ActivityStore {
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM activity_transactions WHERE activity_id = ?');
  const upsertTx = db.prepare<[string, string, number, string]>(
    `INSERT INTO activity_transactions (activity_id, account_hash, at, json) VALUES (?, ?, ?, ?)
     ON CONFLICT(activity_id) DO UPDATE SET account_hash = excluded.account_hash, at = excluded.at, json = excluded.json`,
  );
  const upsertOrder = db.prepare<[string, string, number, string, string]>(
    `INSERT INTO activity_orders (order_id, account_hash, entered_at, status, json) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(order_id) DO UPDATE SET account_hash = excluded.account_hash, entered_at = excluded.entered_at,
       status = excluded.status, json = excluded.json`,
  );
  const getSync = db.prepare<[string, string], { synced_to: number }>('SELECT synced_to FROM activity_sync WHERE account_hash = ? AND kind = ?');
  const putSync = db.prepare<[string, string, number]>(
    `INSERT INTO activity_sync (account_hash, kind, synced_to) VALUES (?, ?, ?)
     ON CONFLICT(account_hash, kind) DO UPDATE SET synced_to = excluded.synced_to`,
  );
  const saveTx = db.transaction((rows: readonly ActivityTransaction[]) => {
    let added = 0;
    for (const r of rows) {
      if (!exists.get(r.activityId)) added++;
      upsertTx.run(r.activityId, r.accountHash, r.time, JSON.stringify(r));
    }
    return added;
  });
  const saveOrd = db.transaction((rows: readonly ActivityOrder[]) => {
    for (const r of rows) upsertOrder.run(r.orderId, r.accountHash, r.enteredTime ?? 0, r.status, JSON.stringify(r));
  });

  return {
    saveTransactions: (rows) => writeOrExplain('the downloaded transactions', () => saveTx(rows)),
    saveOrders: (rows) => writeOrExplain('the downloaded orders', () => saveOrd(rows)),
    transactions(filter = {}) {
      const where: string[] = [];
      const args: Array<string | number> = [];
      const when = (clause: string, value: string | number | undefined): void => {
        if (value === undefined) return;
        where.push(clause);
        args.push(value);
      };
      when('account_hash = ?', filter.accountHash);
      when('at >= ?', filter.fromMs);
      when('at <= ?', filter.toMs);
      const sql = `SELECT json FROM activity_transactions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at, length(activity_id), activity_id`;
      return db
        .prepare<Array<string | number>, { json: string }>(sql)
        .all(...args)
        .map((r) => JSON.parse(r.json) as ActivityTransaction);
    },
    orders(filter = {}) {
      const rows =
        filter.accountHash !== undefined
          ? db.prepare<[string], { json: string }>('SELECT json FROM activity_orders WHERE account_hash = ? ORDER BY entered_at DESC, order_id DESC').all(filter.accountHash)
          : db.prepare<[], { json: string }>('SELECT json FROM activity_orders ORDER BY entered_at DESC, order_id DESC').all();
      return rows.map((r) => JSON.parse(r.json) as ActivityOrder);
    },
    syncedTo: (accountHash, kind) => getSync.get(accountHash, kind)?.synced_to,
    setSyncedTo: (accountHash, kind, ms) => writeOrExplain('the activity sync position', () => putSync.run(accountHash, kind, ms)),
  };
}
