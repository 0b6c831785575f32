// The composition root every host calls: ports in, one handler table and its events out.
// It owns the switch between the live session (the user's Schwab app) and the demo session (the
// embedded sandbox): with no Schwab credentials the core starts in demo mode and signs in to the sandbox.
import type { ArbionHandlers, AuthState, PortfolioSnapshot } from '../../../common/contract';
import { createAlertService, type AlertService } from '../alerts/alertService';
import { createLeadingThrottle } from '../../../common/leadingThrottle';
import { ArbionError, toArbionError } from '../errors';
import { systemClock, type DemoBackend } from '../ports';
import type { CoreOptions, InProcessAccess, InProcessCore } from './coreTypes';
import { testConnection } from './connectionCheck';
import { EventHub } from './eventHub';
import { openSession, type Session, type SessionMode } from './session';

/** How often alerts look at a streamed portfolio, after the first patch (which they see at once). */
const ALERTS_ON_PATCHES_MS = 1_000;

async function hasAnyOwnCredential(s: Session): Promise<boolean> {
  if (s.auth.getState().configured) return true;
  try {
    const config = await s.auth.config();
    return config.clientId !== null || config.clientSecret !== null;
  } catch {
    // The saved secret exists but this host cannot open it: the user's app is configured, not the demo's.
    return true;
  }
}

export async function createCore(options: CoreOptions): Promise<InProcessCore> {
  const clock = options.clock ?? systemClock;
  const log = options.logger.child('core');
  const events = new EventHub(log);
  let demoBackend: DemoBackend | null = null;
  let session: Session;
  let alerts: AlertService;
  let detach: Array<() => void> = [];
  let switching: Promise<unknown> = Promise.resolve();

  const demoRedirectUri = options.env.SCHWAB_REDIRECT_URI?.trim() || undefined;

  async function open(mode: SessionMode): Promise<Session> {
    let demo: DemoBackend | undefined;
    if (mode === 'demo') {
      if (!options.demoBackend) throw new ArbionError('NotConfigured', 'This build has no demo sandbox.');
      demoBackend ??= await options.demoBackend(demoRedirectUri ? { redirectUri: demoRedirectUri } : {});
      demo = demoBackend;
    }
    return openSession({
      dataDir: options.dataDir,
      env: options.env,
      cipher: options.cipher,
      settings: options.settings,
      opener: options.opener,
      clock,
      logger: options.logger,
      ...(options.notifier ? { notifier: options.notifier } : {}),
      ...(demo ? { demo } : {}),
      ...(options.pricePatchSink ? { pricePatchSink: options.pricePatchSink } : {}),
    });
  }

  function attach(s: Session): void {
    alerts = createAlertService({
      db: s.db,
      audit: s.audit,
      quotes: s.accounts,
      settings: options.settings,
      clock,
      logger: options.logger,
      ...(options.notifier ? { notifier: options.notifier } : {}),
      onFeed: (feed) => events.emit('alerts', feed),
      watch: s.watch,
    });
    const evaluateAlerts = (view: PortfolioSnapshot | null): void => {
      // A host that cannot deliver an alert must not consume it: a one-shot CLI command that saw the crossing
      // first would leave the app nothing to notify.
      if (view === null || options.evaluateAlerts === false) return;
      try {
        alerts.evaluate(view, clock.now());
      } catch (e) {
        log.error('alert evaluation failed', { error: toArbionError(e) });
      }
    };
    // Patches come with every tick: alerts look at the first at once, then at most once a second (each look
    // copies the whole masked portfolio). New quotes of watched symbols not held count as patches here: a
    // refresh that changed nothing else publishes no snapshot, yet may carry one across its level.
    const alertsOnPatches = createLeadingThrottle(clock, ALERTS_ON_PATCHES_MS, () => evaluateAlerts(s.portfolio.current()));
    detach = [
      s.auth.onState((state) => events.emit('authState', state)),
      s.portfolio.onSnapshot((snapshot) => events.emit('snapshot', snapshot)),
      // Every model change goes through the one alerts entry point: each full snapshot and each price patch
      // (the masked view, so no full account number reaches an alert's text, the log or the audit).
      s.portfolio.onSnapshot(evaluateAlerts),
      s.activity.onView((view) => events.emit('activity', view)),
      s.activity.onFill((notice) => events.emit('orderFilled', notice)),
      // Orders filled or rejected go through the alerts' delivery (quiet hours, 5-minute limit, privacy, audit).
      s.activity.onOrderChanges((signals) => {
        if (options.evaluateAlerts === false) return;
        try {
          alerts.orderChanges(signals, clock.now());
        } catch (e) {
          log.error('order alert failed', { error: toArbionError(e) });
        }
      }),
      s.portfolio.onPortfolioPatch((patch) => events.emit('portfolioPatch', patch)),
      s.stream.onState((state) => events.emit('streamState', state)),
      s.portfolio.onPortfolioPatch(() => alertsOnPatches.trigger()),
      s.watch.onQuotes(() => alertsOnPatches.trigger()),
      () => alertsOnPatches.cancel(),
    ];
    if (options.autoStart !== false) {
      s.portfolio.start();
      s.activity.start();
      // One-shot commands (the CLI) never open the stream: it pays off only for a running host.
      s.stream.start();
    }
    events.emit('authState', s.auth.getState());
  }

  /** Replace the current session by one in `mode` (serialised, so two clicks can't race). */
  function switchTo(mode: SessionMode): Promise<Session> {
    const next = switching.then(async () => {
      if (session.mode === mode) return session;
      const fresh = await open(mode);
      detach.forEach((off) => off());
      const old = session;
      session = fresh;
      await old.dispose();
      attach(fresh);
      log.info('switched session', { mode });
      return fresh;
    });
    switching = next.catch(() => undefined);
    return next;
  }

  /**
   * Demo sign-in without a browser: the same authorize → redirect → code exchange path as a real
   * sign-in, with the sandbox's consent auto-approved and its redirect handed to the paste handler.
   */
  async function demoSignIn(s: Session): Promise<AuthState> {
    const start = await s.auth.signIn({ manual: true, openBrowser: false });
    const res = await fetch(start.authorizeUrl, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (!location) {
      await s.auth.cancelSignIn();
      throw new ArbionError('Internal', `The demo sandbox answered the sign-in with HTTP ${res.status} instead of a redirect.`);
    }
    return s.auth.submitRedirectUrl(location);
  }

  // Start in live mode when any part of the user's Schwab app is set (env or Settings), else in demo mode.
  // A malformed setting has already stopped open('live') by name; a half-entered app stays live, so the
  // sign-in screen asks for the rest instead of the demo taking its place.
  session = await open('live');
  if (options.demoBackend && !(await hasAnyOwnCredential(session))) {
    const live = session;
    session = await open('demo');
    await live.dispose();
  }
  if (session.mode === 'demo' && session.auth.getState().status !== 'signed-out') {
    // Each launch starts a new sandbox: tokens from the last one mean nothing to it.
    await session.auth.signOut();
  }
  attach(session);
  if (session.mode === 'demo' && options.autoStart !== false) {
    demoSignIn(session).catch((e: unknown) => log.warn('demo sign-in failed', { error: toArbionError(e) }));
  }

  const handlers: ArbionHandlers = {
    getSnapshot: async () => session.portfolio.current(),
    refreshNow: async () => session.portfolio.refreshNow(),
    getAuthState: async () => session.auth.getState(),
    signIn: async () => {
      // "Connect to Schwab" from a signed-out demo means the user's own app, never the sandbox again.
      const s = session.mode === 'demo' && session.auth.getState().status === 'signed-out' ? await switchTo('live') : session;
      return s.auth.signIn(options.signIn);
    },
    submitRedirectUrl: async (url) => session.auth.submitRedirectUrl(url),
    signOut: async () => {
      const state = await session.auth.signOut();
      session.portfolio.clear();
      // Leaving the demo leads to the user's own Schwab app: the next screen asks for its App Key and Secret.
      if (session.mode === 'demo') return (await switchTo('live')).auth.getState();
      return state;
    },
    setCredentials: async (credentials) => {
      const live = await switchTo('live');
      return live.auth.setCredentials(credentials);
    },
    startDemo: async () => {
      const demo = await switchTo('demo');
      if (demo.auth.getState().status === 'signed-in') return demo.auth.getState();
      return demoSignIn(demo);
    },
    getHistory: async (range, accountHash) => session.portfolio.history(range, accountHash),
    getAuditLog: async (limit) => session.audit.list(limit),
    getSettings: async () => options.settings.get(),
    updateSettings: async (patch) => {
      const next = options.settings.update(patch);
      session.portfolio.settingsChanged();
      events.emit('settings', next);
      return next;
    },
    testConnection: async () => testConnection(session, clock),
    listAlerts: async () => alerts.list(),
    addAlert: async (input) => alerts.add(input, session.portfolio.current()),
    removeAlert: async (id) => alerts.remove(id),
    setAlertEnabled: async (id, enabled) => alerts.setEnabled(id, enabled),
    setAlertLevel: async (id, level) => alerts.setLevel(id, level),
    getAlertFeed: async () => alerts.feed(),
    markAlertsSeen: async () => alerts.markSeen(),
    getActivity: async () => session.activity.view(),
    getOrders: async (status) => session.activity.orders(status),
    getTransactions: async (range, type, search) => session.activity.transactions(range, type, search),
    exportCsv: async (request) =>
      request.kind === 'positions' ? session.activity.exportPositions(request.rows) : session.activity.exportTransactions(request.range),
    syncActivity: async () => {
      await session.activity.syncNow();
      return session.activity.view();
    },
    getStreamState: async () => session.stream.state(),
    takeBackStream: async () => {
      session.stream.takeBack();
      return session.stream.state();
    },
  };

  const inProcess: InProcessAccess = {
    snapshotWithAccountNumbers: () => session.portfolio.currentWithAccountNumbers(),
    lastRefreshError: () => session.portfolio.status().lastError,
    applyPricePatch: (prices) => session.portfolio.applyPricePatch(prices),
    waitForSignIn: () => session.auth.waitForSignIn(),
    cancelSignIn: (message) => session.auth.cancelSignIn(message),
    config: async () => {
      const config = await session.auth.config();
      return {
        configured: Boolean(config.clientId && config.clientSecret),
        redirectUri: config.redirectUri,
        apiBaseUrl: config.apiBaseUrl,
      };
    },
    pollPlan: () => session.portfolio.status().plan,
    watchQuote: (symbol) => session.watch.quote(symbol) ?? null,
    pauseStream: () => session.stream.pause(),
    resumeStream: () => session.stream.resume(),
    storage: () => ({
      dataDir: session.dataDir,
      databaseFile: session.databaseFile,
      foreignCipher: session.vault.foreignCipher(),
    }),
  };

  return {
    handlers,
    events,
    inProcess,
    async dispose() {
      detach.forEach((off) => off());
      await switching;
      await session.dispose();
      await demoBackend?.close();
    },
  };
}
