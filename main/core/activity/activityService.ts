// The session's activity: keeps the stored orders and transactions in step with Schwab and serves the views.
// - Sync: once signed in and the accounts are known (a year's backfill the first time, with progress), then
//   every minute — every 15 minutes while the stream's ACCT_ACTIVITY delivers order events, which trigger
//   their own sync — and at once, debounced, when a portfolio refresh shows a position or cash change, or
//   when `accountActivity()` is called (the stream's ACCT_ACTIVITY; the demo's sandbox calls it for its own
//   fills while the stream cannot). All reads go through the session's client, so the one rate limiter
//   paces them with everything else; GETs only.
// - A sync's progress reaches the views with the orders and figures re-read from the store at most once a
//   second (a year's backfill is dozens of chunks over thousands of rows); the sync's end re-reads them.
// - An order whose filled quantity grew since the previous sync of this run is announced (event; an OS
//   notification only for a partial fill, without amounts in privacy mode); the first sync of a run only sets
//   that baseline. An order that became FILLED or REJECTED is reported to the order listeners (the order
//   alert, which notifies once per order, across restarts); the first sync of a run compares with the orders
//   an earlier run stored, so one that filled in the last day while the app was closed is told at the next
//   launch (an account's first backfill reports nothing).
import type {
  ActivitySyncView,
  ActivityView,
  CsvExport,
  DateRange,
  OrderFillNotice,
  OrderStatusFilter,
  OrderView,
  PortfolioSnapshot,
  TransactionView,
  Unsubscribe,
} from '../../../common/contract';
import { formatPrice, formatQuantity } from '../../../common/format/numberFormat';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { toArbionError } from '../errors';
import { nyWallTimeToMs } from '../portfolio/marketHours';
import type { PortfolioService } from '../portfolio/poller';
import type { OrderSignal } from '../alerts/rules';
import type { Clock, Logger, Notifier } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import type { ActivityStore } from '../store/activityStore';
import { positionsCsv, transactionsCsv, type PositionCsvRow } from './activityExport';
import type { ActivityOrder } from './activityTypes';
import { syncActivity, type SyncProgress } from './activitySync';
import { figuresView, fillsSince, matchesSearch, ordersView, todaysFills, transactionView, type AccountLabel } from './activityViews';

export const ACTIVITY_SYNC_INTERVAL_MS = 60_000;
/** While order events arrive by the stream the timed sync is only a safety net (transactions, a missed event). */
export const ACTIVITY_SYNC_INTERVAL_STREAMING_MS = 15 * 60_000;
/** During a sync, the views' orders and figures are re-read from the store at most this often. */
export const PROGRESS_VIEW_MS = 1_000;
/** Several triggers in a burst (a fill's events, a refresh) make one sync. */
export const ACTIVITY_DEBOUNCE_MS = 250;

export interface ActivityServiceDeps {
  client: Pick<AccountsClient, 'getOrders' | 'getTransactions'>;
  store: ActivityStore;
  portfolio: Pick<PortfolioService, 'current' | 'onSnapshot' | 'refreshNow'>;
  authGate: { get(): { status: string }; subscribe(cb: (s: { status: string }) => void): () => void };
  privacyMode: () => boolean;
  /** True while the stream delivers the accounts' order events (ACCT_ACTIVITY acknowledged). */
  orderEventsLive?: () => boolean;
  notifier?: Notifier;
  clock: Clock;
  logger: Logger;
}

export interface ActivityService {
  start(): void;
  stop(): Promise<void>;
  /** The seam for ACCT_ACTIVITY: re-read orders and balances at once (debounced). */
  accountActivity(): void;
  /** Syncs now (joins a sync in flight, or runs once more after it). */
  syncNow(): Promise<void>;
  view(): ActivityView;
  orders(status: OrderStatusFilter): OrderView[];
  transactions(range?: DateRange, type?: string, search?: string): TransactionView[];
  exportPositions(rows?: ReadonlyArray<{ accountHash: string; symbol: string }>): CsvExport;
  exportTransactions(range?: DateRange): CsvExport;
  onView(cb: (view: ActivityView) => void): Unsubscribe;
  onFill(cb: (notice: OrderFillNotice) => void): Unsubscribe;
  /** Orders that became FILLED or REJECTED since the previous sync of this run. */
  onOrderChanges(cb: (signals: OrderSignal[]) => void): Unsubscribe;
}

/** What a refresh must differ in to suggest new activity: each account's holdings and cash. */
function holdingsSignature(s: PortfolioSnapshot): string {
  return s.accounts
    .map((a) => `${a.hash}:${a.cashBalance}:${a.positions.map((p) => `${p.symbol}=${p.quantity}`).sort().join(',')}`)
    .sort()
    .join('|');
}

function filledByOrder(orders: readonly ActivityOrder[]): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (o: ActivityOrder): void => {
    out.set(o.orderId, o.executions.reduce((s, e) => s + e.quantity, 0));
    o.children.forEach(visit);
  };
  orders.forEach(visit);
  return out;
}

const FINAL_STATUSES: ReadonlySet<string> = new Set(['FILLED', 'REJECTED']);

function statusByOrder(orders: readonly ActivityOrder[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (o: ActivityOrder): void => {
    out.set(o.orderId, o.status);
    o.children.forEach(visit);
  };
  orders.forEach(visit);
  return out;
}

/** The average price of an order's executions, or null before any. */
function averageFillPrice(o: ActivityOrder): number | null {
  const quantity = o.executions.reduce((s, e) => s + e.quantity, 0);
  return quantity > 0 ? o.executions.reduce((s, e) => s + e.quantity * e.price, 0) / quantity : null;
}

/** Orders (children included) that are FILLED or REJECTED and pass `include`, as order alert signals. */
function finalOrderSignals(orders: readonly ActivityOrder[], include: (o: ActivityOrder) => boolean, label: AccountLabel): OrderSignal[] {
  const out: OrderSignal[] = [];
  const visit = (o: ActivityOrder): void => {
    if (FINAL_STATUSES.has(o.status) && include(o)) {
      const leg = o.legs[0];
      out.push({
        orderId: o.orderId,
        status: o.status as OrderSignal['status'],
        instruction: leg?.instruction ?? '',
        symbol: leg?.symbol ?? '',
        quantity: o.status === 'FILLED' ? o.filledQuantity || o.quantity : o.quantity,
        price: o.status === 'FILLED' ? averageFillPrice(o) : null,
        account: label(o.accountHash),
      });
    }
    o.children.forEach(visit);
  };
  orders.forEach(visit);
  return out;
}

/**
 * How far back a run's first sync reports orders that became FILLED or REJECTED since the stored copy: one
 * filled while the app was closed (overnight) is news; one from days ago is history, shown in Activity.
 */
export const CLOSED_WHILE_AWAY_MS = 24 * 60 * 60_000;

/** A New York calendar range as epoch ms, both days included. */
export function dateRangeMs(range: DateRange): { fromMs: number; toMs: number } {
  const [y, m, d] = range.to.split('-').map(Number) as [number, number, number];
  const dayAfter = new Date(Date.UTC(y, m - 1, d + 1));
  return {
    fromMs: nyMidnight(range.from),
    toMs: nyWallTimeToMs({ year: dayAfter.getUTCFullYear(), month: dayAfter.getUTCMonth() + 1, day: dayAfter.getUTCDate() }) - 1,
  };
}
function nyMidnight(text: string): number {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return nyWallTimeToMs({ year, month, day });
}

export function createActivityService(deps: ActivityServiceDeps): ActivityService {
  const { store, clock, logger } = deps;
  const log = logger.child('activity');
  const viewListeners = new Set<(v: ActivityView) => void>();
  const fillListeners = new Set<(n: OrderFillNotice) => void>();
  const orderListeners = new Set<(signals: OrderSignal[]) => void>();
  let sync: ActivitySyncView = { phase: 'idle', done: 0, total: 0, lastSyncAt: null, error: null };
  let running = false;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let abort: AbortController | null = null;
  let intervalTimer: unknown = null;
  let debounceTimer: unknown = null;
  let refreshAfter = false;
  let lastSignature: string | null = null;
  let baseline: Map<string, number> | null = null;
  let statusBaseline: Map<string, string> | null = null;
  let offs: Array<() => void> = [];

  const label: AccountLabel = (hash) => {
    const a = deps.portfolio.current()?.accounts.find((x) => x.hash === hash);
    if (!a) return 'Account';
    return a.nickname ? `${a.nickname} ${a.displayNumber}` : `${a.displayNumber} ${a.type}`;
  };
  const signedIn = (): boolean => deps.authGate.get().status === 'signed-in';
  const accountHashes = (): string[] => deps.portfolio.current()?.accounts.map((a) => a.hash) ?? [];

  type ViewData = Omit<ActivityView, 'sync'>;
  let lastData: { data: ViewData; at: number } | null = null;

  function viewData(): ViewData {
    const now = clock.now();
    const orders = store.orders();
    const transactions = store.transactions();
    const data: ViewData = {
      workingOrders: ordersView(orders, 'working', label),
      todaysFills: todaysFills(orders, now, label),
      figures: figuresView(transactions, now, label),
      transactionTypes: [...new Set(transactions.map((t) => t.type))].sort(),
    };
    lastData = { data, at: now };
    return data;
  }
  function view(): ActivityView {
    return { sync: { ...sync }, ...viewData() };
  }
  const publish = (): void => {
    if (viewListeners.size === 0) return;
    const v = view();
    for (const cb of viewListeners) cb(v);
  };
  /** A sync's progress: the new counts, with the store re-read only when the last read is a second old. */
  const publishProgress = (): void => {
    if (viewListeners.size === 0) return;
    const data = lastData && clock.now() - lastData.at < PROGRESS_VIEW_MS ? lastData.data : viewData();
    const v: ActivityView = { sync: { ...sync }, ...data };
    for (const cb of viewListeners) cb(v);
  };

  function announce(before: Map<string, number>, orders: readonly ActivityOrder[]): void {
    const after = filledByOrder(orders);
    const grown = [...after].filter(([id, qty]) => qty > (before.get(id) ?? 0));
    if (grown.length === 0) return;
    const fills = fillsSince(orders, 0, label);
    for (const [orderId, qty] of grown) {
      const fill = fills.find((f) => f.orderId === orderId);
      if (!fill) continue;
      const notice: OrderFillNotice = { fill, newQuantity: qty - (before.get(orderId) ?? 0) };
      for (const cb of fillListeners) cb(notice);
      notify(notice);
    }
  }

  function notify({ fill, newQuantity }: OrderFillNotice): void {
    // A complete fill reaches the OS through the order alert (once per order); partial fills only here.
    if (!deps.notifier || fill.complete) return;
    const title = 'Order partly filled';
    const what = `${fill.instruction} ${formatSymbol(fill.symbol)}`;
    const body = deps.privacyMode()
      ? `${what} · ${fill.account}`
      : `${what}: ${formatQuantity(newQuantity)} at ${formatPrice(fill.averagePrice)} · ${fill.account}`;
    try {
      deps.notifier.notify(title, body);
    } catch (e) {
      log.warn('fill notification failed', { error: String(e) });
    }
  }

  function reportStatusChanges(signals: OrderSignal[]): void {
    if (signals.length === 0) return;
    for (const cb of orderListeners) {
      try {
        cb(signals);
      } catch (e) {
        log.warn('order status listener failed', { error: String(e) });
      }
    }
  }

  async function runOnce(): Promise<void> {
    if (!signedIn()) return;
    // The accounts come from the portfolio: a host that never started polling (the CLI) reads them once.
    if (!deps.portfolio.current()) await deps.portfolio.refreshNow();
    const hashes = accountHashes();
    if (hashes.length === 0) return;
    const backfill = hashes.some((h) => store.syncedTo(h, 'transactions') === undefined);
    const parts = new Map<string, { done: number; total: number }>();
    const update = (p: SyncProgress): void => {
      parts.set(`${p.accountHash}:${p.kind}`, { done: p.done, total: p.total });
      const known = [...parts.values()];
      const unseen = hashes.length * 2 - known.length;
      sync = {
        ...sync,
        done: known.reduce((s, k) => s + k.done, 0),
        total: known.reduce((s, k) => s + k.total, 0) + Math.max(0, unseen),
      };
      publishProgress();
    };
    sync = { ...sync, phase: backfill ? 'backfilling' : 'syncing', done: 0, total: hashes.length * 2, error: null };
    publish();
    const before = baseline;
    // Statuses to compare with: the previous sync's, or at a run's first sync what an earlier run stored. Then
    // only orders of accounts that run had synced (a first backfill is the user's history, not news) that
    // closed in the last day count.
    const knownAccounts = statusBaseline === null ? new Set(hashes.filter((h) => store.syncedTo(h, 'orders') !== undefined)) : null;
    const statusesBefore = statusBaseline ?? statusByOrder(store.orders());
    abort = new AbortController();
    try {
      await syncActivity({ client: deps.client, store, clock }, hashes, { onProgress: update, signal: abort.signal });
      sync = { phase: 'idle', done: 0, total: 0, lastSyncAt: new Date(clock.now()).toISOString(), error: null };
      const orders = store.orders();
      if (before) announce(before, orders);
      baseline = filledByOrder(orders);
      statusBaseline = statusByOrder(orders);
      const closedSince = clock.now() - CLOSED_WHILE_AWAY_MS;
      const counts = (o: ActivityOrder): boolean =>
        statusesBefore.get(o.orderId) !== o.status &&
        (knownAccounts === null || (knownAccounts.has(o.accountHash) && o.closeTime !== undefined && o.closeTime >= closedSince));
      reportStatusChanges(finalOrderSignals(orders, counts, label));
    } catch (e) {
      const error = toArbionError(e);
      sync = { ...sync, phase: 'error', done: 0, total: 0, error: error.message };
      publish();
      throw error;
    } finally {
      abort = null;
    }
    publish();
  }

  /** Timer- and event-driven syncs: a failure is shown in the view and logged, and the next sync retries. */
  function syncInBackground(): void {
    syncNow().catch((e: unknown) => {
      if (running) log.warn('activity sync failed', { error: toArbionError(e) });
    });
  }

  function syncNow(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          again = false;
          await runOnce();
        } while (again && running);
      } finally {
        inFlight = null;
        scheduleInterval();
      }
    })();
    return inFlight;
  }

  function scheduleInterval(): void {
    if (intervalTimer !== null) clock.clearTimeout(intervalTimer);
    intervalTimer = null;
    if (!running || !signedIn()) return;
    intervalTimer = clock.setTimeout(() => {
      intervalTimer = null;
      // Checked every minute, so a stream that stops delivering order events brings the minute's pace back.
      const covered =
        deps.orderEventsLive?.() === true && sync.lastSyncAt !== null && clock.now() - Date.parse(sync.lastSyncAt) < ACTIVITY_SYNC_INTERVAL_STREAMING_MS;
      if (covered) scheduleInterval();
      else syncInBackground();
    }, ACTIVITY_SYNC_INTERVAL_MS);
  }

  function trigger(withRefresh: boolean): void {
    if (!running) return;
    refreshAfter ||= withRefresh;
    if (debounceTimer !== null) return;
    debounceTimer = clock.setTimeout(() => {
      debounceTimer = null;
      const refresh = refreshAfter;
      refreshAfter = false;
      // Balances and orders are re-read side by side; both wait their turn at the one limiter.
      if (refresh) deps.portfolio.refreshNow().catch((e: unknown) => log.warn('refresh after account activity failed', { error: toArbionError(e) }));
      syncInBackground();
    }, ACTIVITY_DEBOUNCE_MS);
  }

  return {
    start() {
      if (running) return;
      running = true;
      offs = [
        deps.portfolio.onSnapshot((s) => {
          const signature = holdingsSignature(s);
          if (signature === lastSignature) return;
          lastSignature = signature;
          trigger(false);
        }),
        deps.authGate.subscribe((a) => {
          if (a.status === 'signed-in') trigger(false);
          else {
            abort?.abort();
            baseline = null;
            statusBaseline = null;
            scheduleInterval();
          }
        }),
      ];
      if (signedIn()) trigger(false);
    },
    async stop() {
      running = false;
      offs.forEach((off) => off());
      offs = [];
      for (const t of [intervalTimer, debounceTimer]) if (t !== null) clock.clearTimeout(t);
      intervalTimer = debounceTimer = null;
      abort?.abort();
      await inFlight?.catch(() => undefined);
    },
    accountActivity: () => trigger(true),
    syncNow,
    view,
    orders: (status) => ordersView(store.orders(), status, label),
    transactions(range, type, search) {
      const span = range ? dateRangeMs(range) : {};
      return store
        .transactions(span)
        .filter((t) => type === undefined || t.type === type)
        .map((t) => transactionView(t, label))
        .filter((t) => matchesSearch(t, search))
        .reverse();
    },
    exportPositions(rows) {
      const snapshot = deps.portfolio.current();
      const accounts = snapshot?.accounts ?? [];
      const wanted = rows ?? accounts.flatMap((a) => a.positions.map((p) => ({ accountHash: a.hash, symbol: p.symbol })));
      const out: PositionCsvRow[] = [];
      for (const w of wanted) {
        const a = accounts.find((x) => x.hash === w.accountHash);
        const p = a?.positions.find((x) => x.symbol === w.symbol);
        if (!a || !p) continue;
        out.push({
          account: label(a.hash),
          symbol: p.symbol,
          description: p.description,
          assetType: p.assetType,
          quantity: p.quantity,
          price: p.mark ?? p.lastPrice ?? (p.quantity !== 0 ? p.marketValue / 100 / p.quantity / p.multiplier : 0),
          marketValueCents: p.marketValue,
          dayChangeCents: p.dayProfitLoss,
          costBasisCents: p.costBasis,
          unrealizedCents: p.unrealizedProfitLoss,
        });
      }
      const asOf = snapshot ? Date.parse(snapshot.asOf) : clock.now();
      return { fileName: `arbion-positions-${new Date(asOf).toISOString().slice(0, 10)}.csv`, text: positionsCsv(out, asOf), rows: out.length };
    },
    exportTransactions(range) {
      const span = range ? dateRangeMs(range) : { fromMs: 0, toMs: clock.now() };
      const rows = store.transactions(span);
      const name = range ? `${range.from}-${range.to}` : 'all';
      return { fileName: `arbion-transactions-${name}.csv`, text: transactionsCsv(rows, span, label), rows: rows.length };
    },
    onView(cb) {
      viewListeners.add(cb);
      return () => viewListeners.delete(cb);
    },
    onFill(cb) {
      fillListeners.add(cb);
      return () => fillListeners.delete(cb);
    },
    onOrderChanges(cb) {
      orderListeners.add(cb);
      return () => orderListeners.delete(cb);
    },
  };
}
