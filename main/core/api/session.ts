// One signed-in world: a data folder's database, vault, audit log, auth service, Schwab client and
// portfolio service. The core holds one session at a time — live (the user's Schwab app) or demo (the
// embedded sandbox, in its own folder so demo tokens and history never mix with real ones).
import path from 'node:path';
import { createActivityService, type ActivityService } from '../activity/activityService';
import { createWatchQuotes, type WatchQuotes } from '../alerts/watchQuotes';
import { AuthService } from '../auth/authService';
import { resolveApiBaseUrl, resolveConfig, type ArbionConfig } from '../config';
import { toArbionError } from '../errors';
import { createPortfolioService, type PortfolioService } from '../portfolio/poller';
import { createPositionQuotes } from '../portfolio/positionQuotes';
import { createSymbolNames } from '../portfolio/symbolNames';
import { createSymbolNameStore } from '../store/symbolNameStore';
import { createAccountNicknames } from '../portfolio/accountNicknames';
import { signedInAtMs } from '../portfolio/authGate';
import { createUserPreferences } from '../portfolio/userPreferences';
import type { StreamerInfo } from '../stream/quoteStream';
import { createModelSink } from '../stream/modelSink';
import type { PricePatchSink } from '../stream/streamFeed';
import { createStreamService, type StreamService } from '../stream/streamService';
import { WsQuoteStream } from '../stream/wsQuoteStream';
import { createAccountPreferenceStore } from '../store/accountPreferenceStore';
import type { Cipher, Clock, DemoBackend, Logger, Notifier, Opener, SettingsStore } from '../ports';
import { createAccountsClient, type AccountsClient } from '../schwab/accountsClient';
import { createSchwabHttpClient } from '../schwab/httpClient';
import { createActivityStore } from '../store/activityStore';
import { AuditLog } from '../store/auditLog';
import { openDatabase, type Db } from '../store/database';
import { TokenVault } from '../store/tokenVault';

export const DATABASE_FILE = 'arbion.db';
export const DEMO_FOLDER = 'demo';

export type SessionMode = 'demo' | 'live';

export interface Session {
  mode: SessionMode;
  dataDir: string;
  databaseFile: string;
  db: Db;
  vault: TokenVault;
  audit: AuditLog;
  auth: AuthService;
  accounts: AccountsClient;
  portfolio: PortfolioService;
  activity: ActivityService;
  stream: StreamService;
  /** The symbols alerts watch and the quotes of those not held (filled by the stream and the REST refresh). */
  watch: WatchQuotes;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cipher: Cipher;
  settings: SettingsStore;
  opener: Opener;
  clock: Clock;
  logger: Logger;
  /** OS notifications (order fills); none in hosts without one. */
  notifier?: Notifier;
  /** Demo mode: the sandbox to talk to instead of Schwab. */
  demo?: DemoBackend;
  fetch?: typeof globalThis.fetch;
  /** Where streamed price patches go (default: the portfolio model, one batch per frame). */
  pricePatchSink?: PricePatchSink;
}

export function sessionDataDir(dataDir: string, mode: SessionMode): string {
  return mode === 'demo' ? path.join(dataDir, DEMO_FOLDER) : dataDir;
}

function demoConfig(demo: DemoBackend): ArbionConfig {
  return resolveConfig(
    {},
    { clientId: demo.clientId, clientSecret: demo.clientSecret, redirectUri: demo.redirectUri, apiBaseUrl: demo.baseUrl },
  );
}

/**
 * A malformed setting (URL, App Key, callback) stops the session from opening, with the error that names it:
 * never another API host, never the demo in its place. Other failures (a secret this host cannot open)
 * stay in the auth state for the sign-in screen, as before.
 */
async function refuseInvalidConfig(auth: AuthService): Promise<void> {
  try {
    await auth.config();
  } catch (e) {
    const error = toArbionError(e);
    if (error.code === 'ConfigInvalid') throw error;
  }
}

function streamerInfoOf(preference: { streamerInfo?: StreamerInfo[] | undefined }): StreamerInfo {
  const info = preference.streamerInfo?.[0];
  if (!info) throw new Error('userPreference has no streamerInfo: this Schwab login cannot stream quotes');
  return info;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const mode: SessionMode = options.demo ? 'demo' : 'live';
  const dataDir = sessionDataDir(options.dataDir, mode);
  const databaseFile = path.join(dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile);
  try {
    const vault = new TokenVault(db, options.cipher, options.clock);
    const audit = new AuditLog(db, options.clock);
    const demo = options.demo;
    const auth = await AuthService.create({
      vault,
      audit,
      opener: options.opener,
      env: options.env,
      clock: options.clock,
      logger: options.logger,
      mode,
      ...(demo ? { loadConfig: async () => demoConfig(demo) } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    if (!demo) await refuseInvalidConfig(auth).catch(async (e: unknown) => {
      await auth.dispose();
      throw e;
    });
    const baseUrl = demo ? demo.baseUrl : resolveApiBaseUrl(options.env, vault.getConfig('api_base_url'));
    const http = createSchwabHttpClient({
      baseUrl,
      tokens: auth.tokens,
      clock: options.clock,
      logger: options.logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const accounts = createAccountsClient(http);
    const authGate = { get: () => auth.getState(), subscribe: (cb: Parameters<typeof auth.onState>[0]) => auth.onState(cb) };
    // One userPreference request per sign-in: the nicknames and the stream's connection data share it.
    const preferences = createUserPreferences(accounts);
    // The poller reads the stream's health, and the stream follows the poller's snapshots: bound late.
    const late: { stream?: StreamService } = {};
    const symbolNames = createSymbolNames({
      client: accounts,
      store: createSymbolNameStore(db),
      clock: options.clock,
      logger: options.logger,
    });
    const watch = createWatchQuotes();
    const portfolio = createPortfolioService({
      client: accounts,
      audit,
      symbolNames,
      quotes: createPositionQuotes({ client: accounts, clock: options.clock, logger: options.logger, symbolNames, watch }),
      accountNicknames: createAccountNicknames({
        client: accounts,
        store: createAccountPreferenceStore(db),
        logger: options.logger,
        preferences,
      }),
      streamingHealthy: () => late.stream?.healthy() ?? false,
      db,
      settings: options.settings,
      authGate,
      // The sandbox's market never closes, so the demo keeps its live pace on evenings and weekends.
      ...(demo ? { isMarketOpen: () => true } : {}),
      clock: options.clock,
      logger: options.logger,
    });
    const activity = createActivityService({
      client: accounts,
      store: createActivityStore(db),
      portfolio,
      authGate,
      privacyMode: () => options.settings.get().privacyMode,
      orderEventsLive: () => late.stream?.accountActivityLive() ?? false,
      ...(options.notifier ? { notifier: options.notifier } : {}),
      clock: options.clock,
      logger: options.logger,
    });
    const streamService = createStreamService({
      stream: new WsQuoteStream({
        streamerInfo: async () => streamerInfoOf(await preferences.get(signedInAtMs(auth.getState()))),
        tokens: auth.tokens,
        clock: options.clock,
        logger: options.logger,
      }),
      sink: options.pricePatchSink ?? createModelSink(portfolio, options.clock),
      authGate,
      portfolio: {
        onSnapshot: (cb) => portfolio.onSnapshot(cb),
        current: () => portfolio.current(),
        lastSuccessAt: () => portfolio.status().lastSuccessAt,
        paceChanged: () => portfolio.settingsChanged(),
      },
      settings: options.settings,
      watch,
      clock: options.clock,
      logger: options.logger,
    });
    late.stream = streamService;
    // ACCT_ACTIVITY: an order event re-reads orders and balances at once (debounced in the activity service).
    const offStreamActivity = streamService.onAccountActivity(() => activity.accountActivity());
    // The demo sandbox also announces its fills directly: used only while the stream cannot deliver them,
    // so one event is never read twice.
    const offDemoActivity = demo?.onAccountActivity?.(() => {
      if (!streamService.accountActivityLive()) activity.accountActivity();
    });
    return {
      mode,
      dataDir,
      databaseFile,
      db,
      vault,
      audit,
      auth,
      accounts,
      portfolio,
      activity,
      stream: streamService,
      watch,
      async dispose() {
        offDemoActivity?.();
        offStreamActivity();
        streamService.stop();
        await activity.stop();
        await portfolio.stop();
        await auth.dispose();
        if (db.open) db.close();
      },
    };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}
