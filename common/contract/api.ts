// The methods and events between the renderer and whatever hosts the core, declared once (like GitHub
// Desktop's typed IPC channels). The API type, the handler table, the method list every transport binds, the
// preload's object, the browser bridge and the in-memory fake all derive from METHODS and EVENTS.
import { z } from 'zod';
import type { ActivityView, CsvExport, OrderFillNotice, OrderView, TransactionView } from './activity';
import { CsvExportRequestSchema, DateRangeSchema, OrderStatusFilterSchema, TransactionSearchSchema, TransactionTypeFilterSchema } from './activity';
import type { AlertFeed, AlertRuleView } from './alerts';
import { AlertIdSchema, AlertInputSchema, AlertLevelSchema } from './alerts';
import type { AuthState, SignInStart } from './auth';
import { CredentialsSchema, RedirectUrlSchema } from './auth';
import type { AuditEntry, ConnectionReport } from './diagnostics';
import { AuditLimitSchema } from './diagnostics';
import type { HistoryPoint, PortfolioPatch, PortfolioSnapshot } from './portfolio';
import { AccountHashSchema, HistoryRangeSchema } from './portfolio';
import type { Settings } from './settings';
import { SettingsPatchSchema } from './settings';
import type { StreamStateView } from './stream';

export type Unsubscribe = () => void;

/**
 * A method of the contract: the schema of its argument tuple (checked by the host before a handler runs)
 * and, as a type only, what it resolves to.
 */
export interface MethodSpec<Args extends z.ZodType<unknown[]>, Result> {
  args: Args;
  /** Never set at run time: carries the result type. */
  readonly result?: Result;
}
function method<Result>() {
  return <Args extends z.ZodType<unknown[]>>(args: Args): MethodSpec<Args, Result> => ({ args });
}

/** An event the host pushes to the renderer; the payload is a type only. */
export interface EventSpec<Payload> {
  readonly payload?: Payload;
}
function event<Payload>(): EventSpec<Payload> {
  return {};
}

const NO_ARGS = z.tuple([]);

/**
 * Every method the renderer can call, declared once. The API type, the method list every transport binds,
 * the preload's exposed object, the browser bridge and the in-memory fake all derive from this table.
 */
export const METHODS = {
  getSnapshot: method<PortfolioSnapshot | null>()(NO_ARGS),
  refreshNow: method<PortfolioSnapshot | null>()(NO_ARGS),
  getAuthState: method<AuthState>()(NO_ARGS),
  signIn: method<SignInStart>()(NO_ARGS),
  submitRedirectUrl: method<AuthState>()(z.tuple([RedirectUrlSchema])),
  signOut: method<AuthState>()(NO_ARGS),
  /** Store App Key / Secret / callback URL (secret sealed in the vault, never returned) and switch to live mode. */
  setCredentials: method<AuthState>()(z.tuple([CredentialsSchema])),
  /** Switch to the embedded Schwab sandbox and sign in to it. */
  startDemo: method<AuthState>()(NO_ARGS),
  /** The all-accounts history, or one account's when its hash is given. */
  getHistory: method<HistoryPoint[]>()(z.tuple([HistoryRangeSchema, AccountHashSchema.optional()])),
  getAuditLog: method<AuditEntry[]>()(z.tuple([AuditLimitSchema])),
  getSettings: method<Settings>()(NO_ARGS),
  updateSettings: method<Settings>()(z.tuple([SettingsPatchSchema])),
  testConnection: method<ConnectionReport>()(NO_ARGS),
  listAlerts: method<AlertRuleView[]>()(NO_ARGS),
  /** Validates the rule (a positive level, a known symbol, a percent within ±100, no duplicate) and saves it. */
  addAlert: method<AlertRuleView>()(z.tuple([AlertInputSchema])),
  /** User rules only; the built-ins are turned off instead. */
  removeAlert: method<AlertRuleView[]>()(z.tuple([AlertIdSchema])),
  setAlertEnabled: method<AlertRuleView>()(z.tuple([AlertIdSchema, z.boolean()])),
  /** A built-in's level in dollars (low buying power: a positive number), or null for its default ($0). */
  setAlertLevel: method<AlertRuleView>()(z.tuple([AlertIdSchema, AlertLevelSchema])),
  getAlertFeed: method<AlertFeed>()(NO_ARGS),
  markAlertsSeen: method<AlertFeed>()(NO_ARGS),
  /** Working orders, today's fills, the figures and the sync's progress, from what is stored. */
  getActivity: method<ActivityView>()(NO_ARGS),
  getOrders: method<OrderView[]>()(z.tuple([OrderStatusFilterSchema])),
  /** Stored transactions, newest first: in a date range (all when absent), of a type, matching a search. */
  getTransactions: method<TransactionView[]>()(
    z.tuple([DateRangeSchema.optional(), TransactionTypeFilterSchema.optional(), TransactionSearchSchema.optional()]),
  ),
  /** The CSV text (the window saves it through a download link). */
  exportCsv: method<CsvExport>()(z.tuple([CsvExportRequestSchema])),
  /** Syncs orders and transactions now (joins a sync in flight). */
  syncActivity: method<ActivityView>()(NO_ARGS),
  /** The quote stream's state, subscriptions and liveliness. */
  getStreamState: method<StreamStateView>()(NO_ARGS),
  /** After another app took the Schwab stream: connect again, taking it back. */
  takeBackStream: method<StreamStateView>()(NO_ARGS),
} as const;

/** Every event the host pushes, declared once; the renderer subscribes with `on<Name>`. */
export const EVENTS = {
  /** The whole portfolio: on first load, after a full refresh, and when freshness changes. */
  snapshot: event<PortfolioSnapshot>(),
  /** Only what a price change altered (rows, account totals, all-accounts totals); apply with reducePortfolio. */
  portfolioPatch: event<PortfolioPatch>(),
  authState: event<AuthState>(),
  settings: event<Settings>(),
  /** The alert feed after an alert fired or was marked seen. */
  alerts: event<AlertFeed>(),
  activity: event<ActivityView>(),
  orderFilled: event<OrderFillNotice>(),
  /** On every change of the stream's state or subscriptions, and at most once a second while streaming. */
  streamState: event<StreamStateView>(),
} as const;

export type InvokeMethod = keyof typeof METHODS;
export type EventName = keyof typeof EVENTS;
export const INVOKE_METHODS = Object.keys(METHODS) as InvokeMethod[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export type MethodArgs<M extends InvokeMethod> = z.input<(typeof METHODS)[M]['args']>;
export type MethodResult<M extends InvokeMethod> = (typeof METHODS)[M] extends MethodSpec<z.ZodType<unknown[]>, infer R> ? R : never;
export type EventPayloads = { [E in EventName]: (typeof EVENTS)[E] extends EventSpec<infer P> ? P : never };

export type SubscriptionName<E extends EventName> = `on${Capitalize<E>}`;
export function subscriptionName<E extends EventName>(name: E): SubscriptionName<E> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as SubscriptionName<E>;
}

/** The main side's implementation: every method, minus the event subscriptions. */
export type ArbionHandlers = { [M in InvokeMethod]: (...args: MethodArgs<M>) => Promise<MethodResult<M>> };
export type ArbionSubscriptions = {
  [E in EventName as SubscriptionName<E>]: (cb: (payload: EventPayloads[E]) => void) => Unsubscribe;
};
/** What `window.arbion` offers the renderer. Every method is async; events return an unsubscribe. */
export type ArbionApi = ArbionHandlers & ArbionSubscriptions;

/** Every member `window.arbion` has, in one list (methods, then subscriptions). */
export const API_MEMBERS: readonly string[] = [...INVOKE_METHODS, ...EVENT_NAMES.map(subscriptionName)];

export const IPC_CHANNEL_PREFIX = 'arbion:';
