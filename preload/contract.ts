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
  averagePrice: number;
  marketValue: number;
  dayProfitLoss: number;
  dayProfitLossPercent: number;
  unrealizedProfitLoss: number;
  /** unrealizedProfitLoss / cost basis × 100 (null when the cost basis is zero). */
  unrealizedProfitLossPercent: number | null;
  /** |marketValue| / account liquidation value × 100. */
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

/** What `window.arbion` offers the renderer. Every method is async; events return an unsubscribe. */
export interface ArbionApi {
  getSnapshot(): Promise<PortfolioSnapshot | null>;
  onSnapshot(cb: (snapshot: PortfolioSnapshot) => void): Unsubscribe;
  refreshNow(): Promise<PortfolioSnapshot | null>;
  getAuthState(): Promise<AuthState>;
  onAuthState(cb: (state: AuthState) => void): Unsubscribe;
  signIn(): Promise<SignInStart>;
  submitRedirectUrl(url: string): Promise<AuthState>;
  signOut(): Promise<AuthState>;
  /** Store App Key / Secret / callback URL (secret sealed in the vault, never returned) and switch to live mode. */
  setCredentials(credentials: Credentials): Promise<AuthState>;
  /** Switch to the embedded Schwab sandbox and sign in to it. */
  startDemo(): Promise<AuthState>;
  getHistory(range: HistoryRange, accountHash?: string): Promise<HistoryPoint[]>;
  getAuditLog(limit: number): Promise<AuditEntry[]>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  onSettings(cb: (settings: Settings) => void): Unsubscribe;
  testConnection(): Promise<ConnectionReport>;
}

/** Request/response methods, by name: the channel list every binding (IPC, WebSocket) uses. */
export const INVOKE_METHODS = [
  'getSnapshot',
  'refreshNow',
  'getAuthState',
  'signIn',
  'submitRedirectUrl',
  'signOut',
  'setCredentials',
  'startDemo',
  'getHistory',
  'getAuditLog',
  'getSettings',
  'updateSettings',
  'testConnection',
] as const;
export type InvokeMethod = (typeof INVOKE_METHODS)[number];

export const EVENT_NAMES = ['snapshot', 'authState', 'settings'] as const;
export type EventName = (typeof EVENT_NAMES)[number];
export interface EventPayloads {
  snapshot: PortfolioSnapshot;
  authState: AuthState;
  settings: Settings;
}

/** Argument schemas, checked on the main side before a handler runs. */
export const INVOKE_ARGS = {
  getSnapshot: z.tuple([]),
  refreshNow: z.tuple([]),
  getAuthState: z.tuple([]),
  signIn: z.tuple([]),
  submitRedirectUrl: z.tuple([RedirectUrlSchema]),
  signOut: z.tuple([]),
  setCredentials: z.tuple([CredentialsSchema]),
  startDemo: z.tuple([]),
  getHistory: z.union([z.tuple([HistoryRangeSchema]), z.tuple([HistoryRangeSchema, AccountHashSchema.optional()])]),
  getAuditLog: z.tuple([AuditLimitSchema]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([SettingsPatchSchema]),
  testConnection: z.tuple([]),
} as const satisfies Record<InvokeMethod, z.ZodType<unknown[]>>;

/** The main side's implementation: the same methods, minus the event subscriptions. */
export type ArbionHandlers = { [M in InvokeMethod]: ArbionApi[M] };

export const IPC_CHANNEL_PREFIX = 'arbion:';
