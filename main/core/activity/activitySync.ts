// Brings the stored orders and transactions up to date, through the shared client (so the one rate
// limiter paces it). First sync of an account: a year back (transactions in one call, orders in 60-day
// calls). Later syncs fetch only from where the last one ended, less a day of overlap for late postings
// (rows already stored are replaced, never duplicated); orders reach back far enough to re-read any order
// stored as still open, so its fill or cancellation is seen. Each account's position is saved only after
// its rows, so an interrupted sync resumes where it stopped.
import type { Clock } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import { DAY_MS } from '../schwab/activityRanges';
import { TERMINAL_ORDER_STATUSES } from '../schwab/activitySchemas';
import type { ActivityStore, SyncKind } from '../store/activityStore';
import { normalizeOrder, normalizeTransaction } from './normalizeActivity';

export const BACKFILL_MS = 365 * DAY_MS;
export const SYNC_OVERLAP_MS = DAY_MS;

export interface SyncProgress {
  accountHash: string;
  kind: SyncKind;
  /** Calls finished / planned for this account and kind. */
  done: number;
  total: number;
}

export interface SyncResult {
  newTransactions: number;
  orders: number;
  requests: number;
}

export interface ActivitySyncDeps {
  client: Pick<AccountsClient, 'getOrders' | 'getTransactions'>;
  store: ActivityStore;
  clock: Clock;
}

export async function syncActivity(
  deps: ActivitySyncDeps,
  accountHashes: readonly string[],
  opts: { onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {},
): Promise<SyncResult> {
  const { client, store, clock } = deps;
  const result: SyncResult = { newTransactions: 0, orders: 0, requests: 0 };
  for (const accountHash of accountHashes) {
    const now = clock.now();
    const oldest = now - BACKFILL_MS;
    const progress = (kind: SyncKind) => (done: number, total: number) => opts.onProgress?.({ accountHash, kind, done, total });

    const txFrom = resumeFrom(store.syncedTo(accountHash, 'transactions'), oldest);
    const tx = await client.getTransactions(accountHash, { fromMs: txFrom, toMs: now }, { onChunk: progress('transactions'), ...signal(opts) });
    result.newTransactions += store.saveTransactions(tx.data.map((t) => normalizeTransaction(t, accountHash)));
    store.setSyncedTo(accountHash, 'transactions', now);
    result.requests += tx.requests;

    const openSince = store
      .orders({ accountHash })
      .filter((o) => !TERMINAL_ORDER_STATUSES.has(o.status) && o.enteredTime !== undefined)
      .reduce((min, o) => Math.min(min, o.enteredTime!), Infinity);
    const ordersFrom = Math.max(oldest, Math.min(resumeFrom(store.syncedTo(accountHash, 'orders'), oldest), openSince));
    const orders = await client.getOrders(accountHash, { fromMs: ordersFrom, toMs: now }, { onChunk: progress('orders'), ...signal(opts) });
    store.saveOrders(orders.data.map((o) => normalizeOrder(o, accountHash)));
    store.setSyncedTo(accountHash, 'orders', now);
    result.orders += orders.data.length;
    result.requests += orders.requests;
  }
  return result;
}

function resumeFrom(syncedTo: number | undefined, oldest: number): number {
  return syncedTo === undefined ? oldest : Math.max(oldest, syncedTo - SYNC_OVERLAP_MS);
}

const signal = (opts: { signal?: AbortSignal }): { signal?: AbortSignal } => (opts.signal ? { signal: opts.signal } : {});
