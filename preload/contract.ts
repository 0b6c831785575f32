// The one contract between the renderer and whatever hosts the core (Electron IPC, the browser host's
// WebSocket, tests' in-memory fake). Types here are view models: no token, secret or full account number
// ever crosses it (accountNumber is masked to "…4410" outside `arbion … --json`).
import { z } from 'zod';

export type Freshness = 'fresh' | 'stale' | 'offline' | 'rate-limited' | 'reauth-required';
export type SnapshotSource = 'live' | 'cache';
export type AccountType = 'CASH' | 'MARGIN';

export interface PositionView {
  /** Schwab symbol as sent (options: 21-char OCC form, e.g. "SPY   261218C00550000"). */
  symbol: string;
  description: string;
  /** Schwab instrument.assetType: EQUITY, OPTION, COLLECTIVE_INVESTMENT, MUTUAL_FUND, CASH_EQUIVALENT, FIXED_INCOME, … */
  assetType: string;
  putCall?: 'PUT' | 'CALL';
  underlyingSymbol?: string;
  /** long − short: negative for shorts. */
  quantity: number;
  /** Per share (options too), as Schwab reports it. */
  averagePrice: number;
  /** Per-share prices from the refresh's quotes request; null when that symbol had no quote this refresh. */
  mark: number | null;
  lastPrice: number | null;
  /** Today's change per share against the previous close, in dollars and in percent (null: no quote). */
  netChange: number | null;
  netPercentChange: number | null;
  /** ISO time of the quote the prices come from (null: no quote this refresh). */
  quoteTime: string | null;
  marketValue: number;
  dayProfitLoss: number;
  dayProfitLossPercent: number;
  unrealizedProfitLoss: number;
  /** unrealizedProfitLoss / cost basis × 100 (null when the cost basis is zero). */
  unrealizedProfitLossPercent: number | null;
  /**
   * Share of the account's liquidation value, signed (shorts negative): marketValue / liquidationValue × 100,
   * apportioned so the positions' weights plus cashWeightPercent add up to exactly 100 when they add up to
   * the account value (0 when the account value is not positive).
   */
  weightPercent: number;
}

/** A margin call Schwab reports on the account (amount in dollars, > 0). */
export interface MarginCall {
  kind: 'maintenance' | 'reg-t' | 'day-trading-buying-power' | 'day-trading-equity';
  amount: number;
}

/**
 * Margin figures of a MARGIN account, as Schwab sends them (null where the payload has no such field).
 * Current balances first, then projected, then the start-of-day (initial) block.
 */
export interface MarginDetail {
  equity: number | null;
  /** Schwab's equityPercentage (equity as a share of the long market value), 0–100. */
  equityPercent: number | null;
  /** Start-of-day margin equity (initialBalances.marginEquity). */
  marginEquity: number | null;
  maintenanceRequirement: number | null;
  /** Special Memorandum Account. */
  sma: number | null;
  dayTradingBuyingPower: number | null;
  optionBuyingPower: number | null;
  stockBuyingPower: number | null;
  unsettledCash: number | null;
  /** Day trades in the rolling five business days (pattern-day-trader rule). */
  roundTrips: number | null;
  isDayTrader: boolean | null;
  /** Schwab's isInCall, or any call amount above zero. */
  isInCall: boolean;
  calls: MarginCall[];
}

export interface AccountView {
  /** Full number only in the CLI's --json; "…4410" everywhere else. */
  accountNumber: string;
  displayNumber: string;
  hash: string;
  type: AccountType;
  /** The user's name for the account in Schwab (userPreference nickName), when known. */
  nickname?: string;
  /** Schwab's kind of account from userPreference (e.g. "BROKERAGE", "IRA"), when known. */
  kind?: string;
  /** MARGIN accounts only (absent for CASH and in snapshots cached by older versions). */
  margin?: MarginDetail;
  liquidationValue: number;
  cashBalance: number;
  /** Money-market sweep Schwab reports in the balances (moneyMarketFund) beyond what it lists as positions. */
  sweepBalance: number;
  /** (cashBalance + sweepBalance) as a share of liquidationValue: the positions table's "Cash & sweep" row. */
  cashWeightPercent: number;
  /** null for CASH accounts. */
  buyingPower: number | null;
  cashAvailableForTrading: number;
  dayChange: number;
  dayChangePercent: number;
  positions: PositionView[];
}

export interface PortfolioTotals {
  liquidationValue: number;
  cashBalance: number;
  dayChange: number;
  dayChangePercent: number;
}

export interface PortfolioSnapshot {
  asOf: string;
  source: SnapshotSource;
  freshness: Freshness;
  /** Why the data is not fresh, in words a trader understands (null when fresh). */
  freshnessReason: string | null;
  /** True when the data comes from the embedded Schwab sandbox. */
  demo: boolean;
  accounts: AccountView[];
  totals: PortfolioTotals;
}

export type AuthStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'reauth-required';
export type RefreshWarning = 'refresh-expires-24h' | 'refresh-expires-1h' | null;

export interface SecretStorageInfo {
  /** e.g. "safeStorage", "file-key". */
  cipher: string;
  /** e.g. "keychain", "dpapi", "gnome_libsecret", "kwallet6", "basic_text", "file". */
  backend: string;
  /** True when the OS does not protect the key (Linux basic_text, the Node hosts' key file). */
  weak: boolean;
  description: string;
}

export interface UserFacingError {
  /** Stable code the UI can act on, e.g. CallbackStateMismatch, AccessDenied, LoginTimeout, PortBusy. */
  code: string;
  message: string;
}

export interface AuthState {
  status: AuthStatus;
  mode: 'demo' | 'live';
  /** Client id and secret known (from env or Settings). */
  configured: boolean;
  redirectUri: string | null;
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
  signedInAt: string | null;
  warning: RefreshWarning;
  /** Set when status is reauth-required, or after a failed sign-in. */
  reason: string | null;
  lastError: UserFacingError | null;
  storage: SecretStorageInfo;
}

export type HistoryRange = '1D' | '1W' | '1M' | '1Y' | 'ALL';
export interface HistoryPoint {
  /** Unix seconds. */
  time: number;
  value: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  event: string;
  outcome: 'ok' | 'fail' | 'info';
  detail: string | null;
}

export type OffHoursBehaviour = 'same' | 'slow' | 'pause';
export type TrayShow = 'total' | 'account';
export type TrayFormat = 'value-and-percent' | 'value' | 'percent' | 'day-change';
export type Theme = 'system' | 'light' | 'dark';

export const SettingsSchema = z.object({
  refreshIntervalSec: z.number().int().min(5).max(300),
  offHours: z.enum(['same', 'slow', 'pause']),
  offHoursIntervalSec: z.number().int().min(5).max(3600),
  privacyMode: z.boolean(),
  trayShow: z.enum(['total', 'account']),
  /** Account hash when trayShow is "account". */
  trayAccount: z.string().max(128).nullable(),
  trayFormat: z.enum(['value-and-percent', 'value', 'percent', 'day-change']),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  refreshIntervalSec: 10,
  offHours: 'slow',
  offHoursIntervalSec: 60,
  privacyMode: false,
  trayShow: 'total',
  trayAccount: null,
  trayFormat: 'value-and-percent',
  theme: 'system',
};

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  detail: string;
  ms?: number;
}
export interface ConnectionReport {
  ok: boolean;
  checkedAt: string;
  checks: ConnectionCheck[];
  /** Server Date header minus local clock, ms (null when unknown). */
  clockSkewMs: number | null;
}

export interface SignInStart {
  authorizeUrl: string;
  /** 'loopback': a callback server is listening; 'paste': the user must paste the redirected URL. */
  callback: 'loopback' | 'paste';
  /** True when the host opened the system browser itself (the browser host opens a tab instead). */
  opened: boolean;
  /** Why the loopback server is not listening (e.g. port busy), when callback is 'paste'. */
  notice: string | null;
}

export const CredentialsSchema = z.object({
  clientId: z.string().trim().min(1).max(256),
  clientSecret: z.string().trim().min(1).max(256),
  redirectUri: z.string().trim().url().max(255),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export const HistoryRangeSchema = z.enum(['1D', '1W', '1M', '1Y', 'ALL']);
export const AccountHashSchema = z.string().min(1).max(128);
export const AuditLimitSchema = z.number().int().min(1).max(1000);
export const RedirectUrlSchema = z.string().min(1).max(4096);

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
} as const;

/** Every event the host pushes, declared once; the renderer subscribes with `on<Name>`. */
export const EVENTS = {
  snapshot: event<PortfolioSnapshot>(),
  authState: event<AuthState>(),
  settings: event<Settings>(),
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

/**
 * How a failed call rejects, the same through every transport (Electron IPC, the browser host's
 * WebSocket, the in-memory fake): a plain object with a stable code and a sentence for a trader.
 */
export interface WireError {
  code: string;
  message: string;
}

export const IPC_CHANNEL_PREFIX = 'arbion:';
