// What a host (Electron, CLI, browser host) gets from the composition root.
import type { ArbionHandlers, AuthState, EventName, EventPayloads, PortfolioPatch, PortfolioSnapshot, PricePatch } from '../../../common/contract';
import type { WatchQuote } from '../alerts/watchQuotes';
import type { SignInOptions } from '../auth/authService';
import type { ArbionError } from '../errors';
import type { Cipher, Clock, DemoBackendFactory, Logger, Notifier, Opener, SettingsStore } from '../ports';
import type { PollPlan } from '../portfolio/pollSchedule';
import type { PricePatchSink } from '../stream/streamFeed';

export interface CoreEvents {
  on<E extends EventName>(event: E, cb: (payload: EventPayloads[E]) => void): () => void;
}

/** What a transport binds (ipcMain, the WebSocket): only the contract's methods and events. */
export interface ArbionCore {
  /**
   * The one handler table every binding (ipcMain, WebSocket, CLI) calls. A transport checks arguments
   * against the contract first (dispatch.ts); an in-process caller passes values already parsed.
   */
  handlers: ArbionHandlers;
  events: CoreEvents;
  dispose(): Promise<void>;
}

/** The config in force, without the secret. */
export interface ConfigSummary {
  /** Both the App Key and the Secret are set (environment or Settings). */
  configured: boolean;
  redirectUri: string;
  apiBaseUrl: string;
}

/** Where the current session keeps its data. */
export interface SessionStorage {
  dataDir: string;
  databaseFile: string;
  /** The cipher that sealed stored secrets this host cannot open, or null. */
  foreignCipher: string | null;
}

/**
 * What only a host running the core in its own process may read, beside the handler table. No transport
 * binds it (they take an `ArbionCore`), so full account numbers, the config and the sign-in's completion
 * never cross the renderer's contract.
 */
export interface InProcessAccess {
  /** The latest snapshot with full account numbers (`arbion … --json`, on the user's own machine). */
  snapshotWithAccountNumbers(): PortfolioSnapshot | null;
  /** Why the latest refresh failed, or null after a good one. */
  lastRefreshError(): ArbionError | null;
  /**
   * New prices between refreshes (the quote stream's seam): repriced through the model's reducer, sent as a
   * `portfolioPatch` event and evaluated by the alerts; null when they changed nothing.
   */
  applyPricePatch(prices: readonly PricePatch[]): PortfolioPatch | null;
  /** Settles when the sign-in the `signIn` handler started completes (loopback callback or pasted URL). */
  waitForSignIn(): Promise<AuthState>;
  /** Ends a sign-in in progress: waitForSignIn rejects with LoginCancelled and this message. */
  cancelSignIn(message: string): Promise<void>;
  /** Throws ConfigInvalid naming a malformed value. */
  config(): Promise<ConfigSummary>;
  storage(): SessionStorage;
  /** The poll planned next (its delay, the interval in force and why), or null before the first poll. */
  pollPlan(): PollPlan | null;
  /** The latest quote alerts hold of a watched symbol not held (streamed or from the REST refresh), or null. */
  watchQuote(symbol: string): WatchQuote | null;
  /** The computer sleeps or locks: close the quote stream (the REST refresh polls meanwhile). */
  pauseStream(): void;
  /** Awake again: reopen the quote stream. */
  resumeStream(): void;
}

/** What createCore returns: the bindable core plus the in-process accessor. */
export interface InProcessCore extends ArbionCore {
  inProcess: InProcessAccess;
}

export interface CoreOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cipher: Cipher;
  settings: SettingsStore;
  opener: Opener;
  notifier?: Notifier;
  clock?: Clock;
  logger: Logger;
  /** Starts the embedded Schwab sandbox for demo mode. */
  demoBackend?: DemoBackendFactory;
  /** Evaluate alert rules on each model change (default true; the CLI's one-shot commands: false). */
  evaluateAlerts?: boolean;
  /** Start polling right away (hosts: true; the CLI's one-shot commands: false). */
  autoStart?: boolean;
  /** How the `signIn` handler runs a sign-in (the CLI's login flags); the window hosts keep the defaults. */
  signIn?: SignInOptions;
  /**
   * Where streamed price patches go. Default: a sink that only counts them — the seam the portfolio model
   * store replaces.
   */
  pricePatchSink?: PricePatchSink;
}
