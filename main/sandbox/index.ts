// The embedded Schwab sandbox: a local api.schwabapi.com for everything Arbion uses — OAuth, Trader API,
// Market Data quotes — over real HTTP on 127.0.0.1, with a moving, self-consistent demo portfolio,
// fault injection and request counters. Used by tests, by `npm run sandbox`, and as the hosts' demo backend.
import { systemClock, type Clock, type DemoBackendFactory } from '../core/ports';
import { ActivityBook, type SandboxActivity } from './activity';
import { activityRoutes } from './activityRoutes';
import { Book, type SandboxTruth } from './book';
import type { MarginState } from './accountPayloads';
import { FaultInjector, parseFaultSpec, type FaultAction, type SandboxFaults } from './faults';
import { STREAMER_CORREL_ID, customerId, demoClientCredentials } from './ids';
import { marketdataRoutes } from './marketdataRoutes';
import { OAuthServer } from './oauth';
import { oauthRoutes } from './oauthRoutes';
import { createRandom, type Random } from './random';
import { Router } from './router';
import { startHttpServer } from './server';
import { SandboxStreamer, STREAMER_PATH } from './streamer/streamer';
import { traderRoutes } from './traderRoutes';

export type { SandboxTruth, TruthAccount, TruthPosition } from './book';
export type { BalanceTotals } from './valuation';
export type { FailStatus, FaultAction, FaultRule, MalformMode, SandboxFaults } from './faults';
export { parseFaultSpec } from './faults';
export type { MarginState } from './accountPayloads';
export type { StreamCode, StreamFault, StreamFaults, StreamMalformMode } from './streamer/streamFaults';
export { STREAMER_PATH } from './streamer/streamer';
export type { ActivityEvent, ActivityEventType, SandboxActivity } from './activity';
export type { ActivityTruthEntry } from './activityLedger';

export const DEFAULT_REDIRECT_URI = 'https://127.0.0.1:8182';
export const DEFAULT_SEED = 20_240_513;

export interface SandboxOptions {
  /** 0 or absent: a random free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Same seed → same accounts, holdings and price path. */
  seed?: number;
  /** Skip the consent page: /authorize redirects straight back with a code. Default false. */
  autoApprove?: boolean;
  /** Time source for token/code lifetimes and the Date header (tests pass a fake). */
  clock?: Clock;
  /** Number of accounts (default 3). */
  accounts?: number;
  /** When set, every account holds exactly this many positions. */
  positionsPerAccount?: number;
  /** When set, prices tick on this interval (via the clock); otherwise only tick() moves them. */
  tickMs?: number;
  /**
   * When set, a faster walk for the Streamer: every this many ms a few held stocks and ETFs (and the options
   * on them) take one step and the Streamer publishes it. The REST routes read the same market, so a refresh
   * reports what the stream last sent.
   */
  streamTickMs?: number;
  /** When set, the demo's orders move on this interval (a working order fills, a new one is entered). */
  activityMs?: number;
  /** Callback URLs registered for the demo client (default [DEFAULT_REDIRECT_URI]). */
  redirectUris?: string[];
  /** Demo app credentials (default: derived from the seed; 32-char key, 16-char secret). */
  clientId?: string;
  clientSecret?: string;
  /** Lifetimes; Schwab's are 1800 s, 7 days and ~30 s. */
  accessTokenTtlSec?: number;
  refreshTokenTtlSec?: number;
  codeTtlSec?: number;
  /** A new login revokes the client's earlier tokens, as Schwab does (default true). */
  revokeOnNewLogin?: boolean;
  /** A new refresh token on every refresh, the old one retired (Schwab does not do this today). Default false. */
  rotateRefreshTokens?: boolean;
  /** Faults active from the start: the --faults text or typed actions. */
  faults?: string | FaultAction[];
  /** MARGIN accounts put into a margin call (or given round trips) from the start; `account` is its index. */
  marginStates?: Array<{ account: number } & MarginState>;
  /** The Streamer's symbol limit per service (default 500; more gets code 19). */
  streamerSymbolLimit?: number;
  /** The Streamer's heartbeat interval (default 10 s). */
  streamerHeartbeatMs?: number;
  /** A Streamer connection with no subscriptions is stopped with code 30 after this long (default 30 s). */
  streamerEmptySubscriptionMs?: number;
}

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Currently registered callback URLs (a copy). */
  redirectUris: string[];
}

export interface Sandbox {
  /** e.g. "http://127.0.0.1:53124" — use it where the client would use https://api.schwabapi.com */
  baseUrl: string;
  port: number;
  seed: number;
  client: SandboxClient;
  faults: SandboxFaults;
  /** Requests per endpoint, keyed "METHOD /route/{pattern}"; unmatched paths count as "METHOD (unmatched)". */
  counters(): Record<string, number>;
  /** Resolves once the route (as in counters(), e.g. "GET /trader/v1/accounts") has been requested n times. */
  requestsReached(route: string, n: number): Promise<void>;
  resetCounters(): void;
  /** Advance prices by n steps (default 1); the Streamer then sends what changed. */
  tick(n?: number): void;
  /** Test hook: a listed security's last price in cents (its options re-priced); the Streamer sends the change. */
  setPrice(symbol: string, priceCents: number): void;
  /** Moves one stock or ETF by `deltaCents` (and the options on it); the Streamer then sends what changed. */
  movePrice(symbol: string, deltaCents: number): void;
  /** ws://127.0.0.1:<port>/ws — the URL userPreference's streamerInfo carries. */
  streamerUrl: string;
  /** Successful Streamer LOGINs so far, and a wait for the n-th. */
  streamerLogins(): number;
  streamerLoginsReached(n: number): Promise<void>;
  /** Logged-in Streamer connections with their subscribed keys per service. */
  streamerConnections(): Array<{ LEVELONE_EQUITIES: string[]; LEVELONE_OPTIONS: string[]; ACCT_ACTIVITY: string[] }>;
  /** The expected portfolio right now (cents), for comparing against responses. */
  truth(): SandboxTruth;
  /** Symbols held anywhere plus option underlyings. */
  heldSymbols(): string[];
  /** Orders and transactions: the seeded year, live fills, and what they add up to. */
  activity: SandboxActivity;
  setAutoApprove(on: boolean): void;
  /**
   * Tests of a portfolio that changes shape: takes the positions in `symbol` out of every account (outside
   * the activity ledger) and returns a function that puts them back exactly.
   */
  setAsideHolding(symbol: string): () => void;
  /** Puts a MARGIN account (by hash) into a call / sets its round trips; null clears it. */
  setMarginState(accountHash: string, state: MarginState | null): void;
  registerRedirectUri(clientId: string, uri: string): void;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clock = opts.clock ?? systemClock;
  const seed = opts.seed ?? DEFAULT_SEED;
  const creds = demoClientCredentials(seed);
  const clientId = opts.clientId ?? creds.clientId;
  const clientSecret = opts.clientSecret ?? creds.clientSecret;

  const book = new Book(seed, clock, {
    ...(opts.accounts !== undefined ? { accounts: opts.accounts } : {}),
    ...(opts.positionsPerAccount !== undefined ? { positionsPerAccount: opts.positionsPerAccount } : {}),
  });
  for (const { account, ...state } of opts.marginStates ?? []) {
    const target = book.accounts[account];
    if (!target) throw new Error(`marginStates: there is no account ${account} (the sandbox has ${book.accounts.length})`);
    book.setMarginState(target.accountNumber, state);
  }
  const oauth = new OAuthServer({
    clock,
    autoApprove: opts.autoApprove ?? false,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 1800,
    refreshTokenTtlSec: opts.refreshTokenTtlSec ?? 7 * 86_400,
    codeTtlSec: opts.codeTtlSec ?? 30,
    revokeOnNewLogin: opts.revokeOnNewLogin ?? true,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    issuer: 'https://api.schwabapi.com',
  });
  oauth.registerClient({
    clientId,
    clientSecret,
    redirectUris: opts.redirectUris ?? [DEFAULT_REDIRECT_URI],
    appName: 'Arbion Desktop',
  });
  const moveMarket = (n = 1): void => {
    book.tick(n);
    streamer.publish();
  };
  const streamer = new SandboxStreamer({
    clock,
    market: book.market,
    customerId: customerId(seed),
    correlId: STREAMER_CORREL_ID,
    activityAccount: (book.accounts.find((a) => a.primary) ?? book.accounts[0])?.accountNumber ?? '',
    tokenValid: (token) => oauth.checkBearer(`Bearer ${token}`).ok,
    tick: () => moveMarket(),
    ...(opts.streamerSymbolLimit !== undefined ? { symbolLimit: opts.streamerSymbolLimit } : {}),
    ...(opts.streamerHeartbeatMs !== undefined ? { heartbeatMs: opts.streamerHeartbeatMs } : {}),
    ...(opts.streamerEmptySubscriptionMs !== undefined ? { emptySubscriptionMs: opts.streamerEmptySubscriptionMs } : {}),
  });
  const activity = new ActivityBook(book.accounts, book.market, clock, createRandom(seed).fork('activity'));
  // Fills and new orders are announced on the Streamer as ACCT_ACTIVITY, as Schwab does.
  activity.onEvent((e) => streamer.accountActivity(e));
  const faults = new FaultInjector(oauth, streamer);
  const initialFaults = typeof opts.faults === 'string' ? parseFaultSpec(opts.faults) : (opts.faults ?? []);
  for (const f of initialFaults) faults.apply(f);

  let port = 0;
  const router = new Router([
    ...oauthRoutes(oauth, book),
    ...traderRoutes(book, () => `ws://127.0.0.1:${port}${STREAMER_PATH}`),
    ...activityRoutes(book, activity),
    ...marketdataRoutes(book),
  ]);
  const running = await startHttpServer({ clock, router, oauth, faults }, opts.port ?? 0);
  port = running.port;
  streamer.attach(running.server);

  let timer: unknown;
  let streamTimer: unknown;
  let activityTimer: unknown;
  let closed = false;
  if (opts.tickMs !== undefined && opts.tickMs > 0) {
    const every = opts.tickMs;
    const schedule = (): void => {
      timer = clock.setTimeout(() => {
        if (closed) return;
        moveMarket();
        schedule();
      }, every);
    };
    schedule();
  }
  if (opts.streamTickMs !== undefined && opts.streamTickMs > 0) {
    const every = opts.streamTickMs;
    const walkRng = createRandom(seed).fork('stream-walk');
    const schedule = (): void => {
      streamTimer = clock.setTimeout(() => {
        if (closed) return;
        book.market.walk(pickStreamWalkers(book, walkRng), clock.now(), walkRng);
        streamer.publish();
        schedule();
      }, every);
    };
    schedule();
  }
  if (opts.activityMs !== undefined && opts.activityMs > 0) {
    const every = opts.activityMs;
    const schedule = (): void => {
      activityTimer = clock.setTimeout(() => {
        if (closed) return;
        activity.step();
        schedule();
      }, every);
    };
    schedule();
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    seed,
    client: {
      clientId,
      clientSecret,
      get redirectUris() {
        return [...(oauth.client(clientId)?.redirectUris ?? [])];
      },
    },
    faults,
    counters: () => running.counters.snapshot(),
    requestsReached: (route, n) => running.counters.reached(route, n),
    resetCounters: () => running.counters.reset(),
    tick: (n = 1) => moveMarket(n),
    setPrice: (symbol, priceCents) => {
      book.market.setPrice(symbol, priceCents, clock.now());
      streamer.publish();
    },
    movePrice: (symbol, deltaCents) => {
      book.market.move(symbol, deltaCents, clock.now());
      streamer.publish();
    },
    streamerUrl: `ws://127.0.0.1:${port}${STREAMER_PATH}`,
    streamerLogins: () => streamer.loginCount(),
    streamerLoginsReached: (n) => streamer.loginsReached(n),
    streamerConnections: () => streamer.connections(),
    truth: () => book.truth(),
    heldSymbols: () => book.heldSymbols(),
    activity,
    setAutoApprove: (on) => oauth.setAutoApprove(on),
    setAsideHolding: (symbol) => {
      const taken = book.accounts.map((a) => {
        const held = a.holdings.filter((h) => h.symbol === symbol);
        a.holdings = a.holdings.filter((h) => h.symbol !== symbol);
        return { account: a, held };
      });
      if (taken.every((t) => t.held.length === 0)) throw new Error(`setAsideHolding: no account holds ${symbol}`);
      return () => {
        for (const { account, held } of taken) account.holdings.push(...held);
      };
    },
    setMarginState: (hash, state) => {
      const account = book.account(hash);
      if (!account) throw new Error(`No demo account with hash ${hash}`);
      book.setMarginState(account.accountNumber, state);
    },
    registerRedirectUri: (id, uri) => oauth.registerRedirectUri(id, uri),
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      if (streamTimer !== undefined) clock.clearTimeout(streamTimer);
      streamer.close();
      if (activityTimer !== undefined) clock.clearTimeout(activityTimer);
      await running.close();
    },
  };
}

/** How many held stocks and ETFs one fast stream tick moves. */
const STREAM_WALKERS_PER_TICK = 3;

function pickStreamWalkers(book: Book, rng: Random): string[] {
  const walkable = book.heldSymbols().filter((s) => {
    const kind = book.market.listed(s)?.kind;
    return kind === 'EQUITY' || kind === 'ETF';
  });
  const picked = new Set<string>();
  for (let i = 0; i < STREAM_WALKERS_PER_TICK && walkable.length > 0; i++) picked.add(rng.pick(walkable));
  return [...picked];
}

/**
 * The hosts' demo mode: auto-approved sign-in, the whole market moving every 2 s and a few held symbols
 * every 250 ms (what the Streamer shows between REST refreshes), the standard callback URL.
 */
export const demoBackendFactory: DemoBackendFactory = async (options = {}) => {
  const redirectUri = options.redirectUri ?? DEFAULT_REDIRECT_URI;
  // Every 45 s a working order fills (half, then the rest) or a new one is entered.
  const sandbox = await startSandbox({ autoApprove: true, tickMs: 2000, streamTickMs: 250, activityMs: 45_000, redirectUris: [redirectUri] });
  return {
    baseUrl: sandbox.baseUrl,
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    redirectUri,
    onAccountActivity: (listener) => sandbox.activity.onEvent(() => listener()),
    close: () => sandbox.close(),
  };
};
