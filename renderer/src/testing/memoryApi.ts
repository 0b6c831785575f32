// An in-memory ArbionApi: the same typed bridge the renderer gets from Electron or the browser host, holding
// its state in plain objects so component tests (and visual checks) can drive the window and push events.
// Arguments are checked with the contract's schemas, exactly as the main side would.
import {
  DEFAULT_SETTINGS,
  IDLE_STREAM_STATE,
  type StreamStateView,
  type ActivityView,
  type OrderFillNotice,
  type TransactionView,
  METHODS,
  type AlertFeed,
  type AlertRuleView,
  type ArbionApi,
  type AuditEntry,
  type AuthState,
  type ConnectionReport,
  type EventPayloads,
  type EventName,
  type HistoryPoint,
  type HistoryRange,
  type InvokeMethod,
  type PortfolioSnapshot,
  type PricePatch,
  type Settings,
  type SignInStart,
  type UserFacingError,
  type WireError,
  type ErrorCode,
} from '../../../common/contract';
import { reducePortfolio } from '../../../common/portfolio/reducer';
import { centsToDollars } from '../../../common/money/cents';
import { buildAuthState } from '../../../test/support/authState';
import { buildActivity, SAMPLE_TRANSACTIONS } from './sampleActivity';
import { buildSnapshot } from './sampleSnapshot';

export interface MemoryApiOptions {
  snapshot?: PortfolioSnapshot | null;
  auth?: AuthState;
  settings?: Settings;
  audit?: AuditEntry[];
  connection?: ConnectionReport;
  signInStart?: SignInStart;
  /** Snapshot served after startDemo() (default: the sample portfolio marked demo). */
  demoSnapshot?: PortfolioSnapshot;
  /** History for a range/account; default: a deterministic walk ending at the snapshot's value. */
  history?: (range: HistoryRange, accountHash: string | undefined) => HistoryPoint[];
  activity?: ActivityView;
  transactions?: TransactionView[];
  /** The quote stream's state (default: stopped). */
  stream?: StreamStateView;
}

export interface MemoryCall {
  method: InvokeMethod;
  args: unknown[];
}

export interface MemoryApi {
  api: ArbionApi;
  /** Every invoke, in order, with its arguments. */
  calls: MemoryCall[];
  callsTo(method: InvokeMethod): unknown[][];
  /** Current state (mutated by the api and by pushes). */
  readonly state: {
    snapshot: PortfolioSnapshot | null;
    auth: AuthState;
    settings: Settings;
    activity: ActivityView;
    transactions: TransactionView[];
    stream: StreamStateView;
  };
  pushSnapshot(snapshot: PortfolioSnapshot): void;
  /** New prices, as the core applies them: the state moves through the model's reducer and the patch is pushed. */
  pushPrices(prices: PricePatch[]): void;
  pushAuthState(auth: AuthState): void;
  pushSettings(settings: Settings): void;
  /** Pushes an alert feed (as the core does after an alert fired). */
  pushAlertFeed(feed: AlertFeed): void;
  pushActivity(activity: ActivityView): void;
  pushOrderFilled(notice: OrderFillNotice): void;
  pushStreamState(stream: StreamStateView): void;
  /** The next call to `method` rejects with { code, message } as the hosts do (code Internal unless given). */
  failNext(method: InvokeMethod, message: string, code?: ErrorCode): void;
  listenerCount(event: EventName): number;
}

const RANGE_SECONDS: Record<HistoryRange, { span: number; step: number }> = {
  '1D': { span: 6.5 * 3600, step: 300 },
  '1W': { span: 7 * 86400, step: 3600 },
  '1M': { span: 30 * 86400, step: 86400 / 4 },
  '1Y': { span: 365 * 86400, step: 86400 },
  ALL: { span: 3 * 365 * 86400, step: 86400 * 3 },
};

export function syntheticHistory(endValue: number, endIso: string, range: HistoryRange): HistoryPoint[] {
  const { span, step } = RANGE_SECONDS[range];
  const end = Math.floor(Date.parse(endIso) / 1000);
  const n = Math.floor(span / step);
  const points: HistoryPoint[] = [];
  for (let i = 0; i <= n; i++) {
    const t = end - (n - i) * step;
    const back = (n - i) / n;
    // A gentle uptrend with a wobble; deterministic so screenshots and assertions are stable.
    const wobble = Math.sin(i / 3.7) * 0.012 + Math.sin(i / 11.3) * 0.02;
    const value = endValue * (1 - back * (range === '1D' ? 0.006 : range === '1W' ? 0.02 : 0.12) + wobble * back);
    points.push({ time: t, value: Math.round(value * 100) / 100 });
  }
  points[points.length - 1] = { time: end, value: endValue };
  return points;
}

const DEFAULT_CONNECTION: ConnectionReport = {
  ok: true,
  checkedAt: '2026-11-27T20:59:40.000Z',
  checks: [
    { name: 'Token endpoint reachable', ok: true, detail: 'api.schwabapi.com answered', ms: 142 },
    { name: 'Access token valid', ok: true, detail: 'Expires in 25 min', ms: 0 },
    { name: 'Accounts endpoint', ok: true, detail: '3 accounts linked', ms: 318 },
    { name: 'Clock', ok: true, detail: 'Local clock within 1 s of Schwab', ms: 0 },
  ],
  clockSkewMs: 420,
};

const DEFAULT_AUDIT: AuditEntry[] = [
  { id: 5, at: '2026-11-27T20:59:30.000Z', event: 'token-refresh', outcome: 'ok', detail: 'access token renewed' },
  { id: 4, at: '2026-11-27T20:29:31.000Z', event: 'token-refresh', outcome: 'ok', detail: 'access token renewed' },
  { id: 3, at: '2026-11-26T15:02:11.000Z', event: 'api-error', outcome: 'fail', detail: '429 from accounts endpoint, retry after 30 s' },
  { id: 2, at: '2026-11-25T14:00:00.000Z', event: 'sign-in-completed', outcome: 'ok', detail: 'authorization code exchanged' },
  { id: 1, at: '2026-11-25T13:58:41.000Z', event: 'credentials-saved', outcome: 'ok', detail: 'App Key and Secret stored' },
];

/** Optional trailing arguments left out, as a caller would. */
function trimmed(args: unknown[]): unknown[] {
  const out = [...args];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out;
}

export function createMemoryApi(options: MemoryApiOptions = {}): MemoryApi {
  const state = {
    snapshot: options.snapshot === undefined ? buildSnapshot() : options.snapshot,
    auth: options.auth ?? buildAuthState(),
    settings: options.settings ?? { ...DEFAULT_SETTINGS },
    activity: options.activity ?? buildActivity(),
    transactions: options.transactions ?? SAMPLE_TRANSACTIONS,
    stream: options.stream ?? { ...IDLE_STREAM_STATE },
  };
  const audit = options.audit ?? DEFAULT_AUDIT;
  const listeners: { [E in EventName]: Set<(payload: EventPayloads[E]) => void> } = {
    snapshot: new Set(),
    portfolioPatch: new Set(),
    authState: new Set(),
    settings: new Set(),
    activity: new Set(),
    orderFilled: new Set(),
    streamState: new Set(),
    alerts: new Set(),
  };
  const rules: AlertRuleView[] = [
    { id: 1, label: 'A margin account goes into a call', enabled: true, builtin: true, createdAt: '1970-01-01T00:00:00.000Z', spec: { kind: 'margin-call' } },
    { id: 2, label: 'An option position expires within 3 days', enabled: true, builtin: true, createdAt: '1970-01-01T00:00:00.000Z', spec: { kind: 'option-expiry', days: 3 } },
    { id: 3, label: 'An option position moves into the money', enabled: true, builtin: true, createdAt: '1970-01-01T00:00:00.000Z', spec: { kind: 'option-itm' } },
    { id: 4, label: "An account's buying power falls below $0.00", enabled: true, builtin: true, createdAt: '1970-01-01T00:00:00.000Z', spec: { kind: 'low-buying-power', level: null } },
    { id: 5, label: 'An order is filled or rejected', enabled: true, builtin: true, createdAt: '1970-01-01T00:00:00.000Z', spec: { kind: 'order-status' } },
  ];
  let alertFeed: AlertFeed = { recent: [], unseen: 0 };
  const reject = (message: string): never => {
    throw { code: 'BadRequest', message } satisfies WireError;
  };
  const calls: MemoryCall[] = [];
  const failures = new Map<InvokeMethod, WireError>();

  function emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const cb of [...listeners[event]]) cb(payload);
  }
  function subscribe<E extends EventName>(event: E, cb: (payload: EventPayloads[E]) => void): () => void {
    listeners[event].add(cb);
    return () => {
      listeners[event].delete(cb);
    };
  }
  function setAuth(patch: Partial<AuthState>): AuthState {
    state.auth = { ...state.auth, ...patch };
    emit('authState', state.auth);
    return state.auth;
  }
  function setSnapshot(snapshot: PortfolioSnapshot | null): void {
    state.snapshot = snapshot;
    if (snapshot) emit('snapshot', snapshot);
  }

  // Every invoke goes through here: recorded, argument-checked, optionally failed, and always async.
  async function invoke<T>(method: InvokeMethod, args: unknown[], run: () => T): Promise<T> {
    calls.push({ method, args });
    await Promise.resolve();
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    const parsed = METHODS[method].args.safeParse(args);
    // Rejects as every host does: a plain { code, message }.
    if (!parsed.success) throw { code: 'BadRequest', message: `Invalid arguments for ${method}` } satisfies WireError;
    return run();
  }

  const historyFor =
    options.history ??
    ((range: HistoryRange, hash: string | undefined): HistoryPoint[] => {
      const snap = state.snapshot;
      if (!snap) return [];
      const account = hash ? snap.accounts.find((a) => a.hash === hash) : undefined;
      const value = account ? account.liquidationValue : snap.totals.liquidationValue;
      return syntheticHistory(centsToDollars(value), snap.asOf, range);
    });

  const api: ArbionApi = {
    getSnapshot: () => invoke('getSnapshot', [], () => state.snapshot),
    onSnapshot: (cb) => subscribe('snapshot', cb),
    onPortfolioPatch: (cb) => subscribe('portfolioPatch', cb),
    refreshNow: () =>
      invoke('refreshNow', [], () => {
        if (state.snapshot) setSnapshot({ ...state.snapshot });
        return state.snapshot;
      }),
    getAuthState: () => invoke('getAuthState', [], () => state.auth),
    onAuthState: (cb) => subscribe('authState', cb),
    signIn: () =>
      invoke('signIn', [], () => {
        setAuth({ status: 'signing-in', lastError: null, reason: null });
        return (
          options.signInStart ?? {
            authorizeUrl:
              'https://api.schwabapi.com/v1/oauth/authorize?client_id=APPKEY&redirect_uri=https%3A%2F%2F127.0.0.1%3A8182&response_type=code&state=abc',
            callback: 'loopback',
            opened: true,
            notice: null,
          }
        );
      }),
    submitRedirectUrl: (url) =>
      invoke('submitRedirectUrl', [url], () => {
        if (!/[?&]code=/.test(url)) {
          const lastError: UserFacingError = { code: 'CallbackMissingCode', message: 'The URL has no code parameter.' };
          return setAuth({ status: 'signed-out', lastError });
        }
        if (!state.snapshot) setSnapshot(buildSnapshot());
        return setAuth({ status: 'signed-in', lastError: null, reason: null, signedInAt: state.snapshot?.asOf ?? null });
      }),
    signOut: () =>
      invoke('signOut', [], () => {
        state.snapshot = null;
        return setAuth({ status: 'signed-out', accessExpiresAt: null, refreshExpiresAt: null, signedInAt: null, warning: null });
      }),
    setCredentials: (credentials) =>
      invoke('setCredentials', [credentials], () =>
        setAuth({ configured: true, mode: 'live', redirectUri: credentials.redirectUri, lastError: null }),
      ),
    startDemo: () =>
      invoke('startDemo', [], () => {
        setSnapshot(options.demoSnapshot ?? buildSnapshot({ demo: true }));
        return setAuth({ status: 'signed-in', mode: 'demo', lastError: null, reason: null });
      }),
    getHistory: (range, accountHash) =>
      invoke('getHistory', accountHash === undefined ? [range] : [range, accountHash], () => historyFor(range, accountHash)),
    getAuditLog: (limit) => invoke('getAuditLog', [limit], () => audit.slice(0, limit)),
    getSettings: () => invoke('getSettings', [], () => state.settings),
    updateSettings: (patch) =>
      invoke('updateSettings', [patch], () => {
        state.settings = { ...state.settings, ...patch };
        emit('settings', state.settings);
        return state.settings;
      }),
    onSettings: (cb) => subscribe('settings', cb),
    testConnection: () => invoke('testConnection', [], () => options.connection ?? DEFAULT_CONNECTION),
    listAlerts: () => invoke('listAlerts', [], () => [...rules]),
    addAlert: (input) =>
      invoke('addAlert', [input], () => {
        // The checks the core makes that need no Schwab (the fake knows every symbol of its snapshot).
        if ((input.kind === 'price' || input.kind === 'buying-power') && !(input.level > 0)) reject(`The ${input.kind === 'price' ? 'price' : 'buying-power'} level must be a positive number of dollars, not ${String(input.level)}.`);
        const percent = input.kind === 'day-move' ? input.percent : input.kind === 'day-change' && input.measure === 'percent' ? input.value : null;
        if (percent !== null && (percent === 0 || percent < -100 || percent > 100)) reject(`The percent must be between -100 and 100 and not 0, not ${String(percent)}.`);
        const label = JSON.stringify(input);
        const twin = rules.find((r) => JSON.stringify(r.spec) === label);
        if (twin) reject(`That alert already exists (#${twin.id}: ${twin.label}).`);
        const rule: AlertRuleView = { id: Math.max(0, ...rules.map((r) => r.id)) + 1, label, enabled: true, builtin: false, createdAt: new Date(0).toISOString(), spec: input };
        rules.push(rule);
        return rule;
      }),
    removeAlert: (id) =>
      invoke('removeAlert', [id], () => {
        const i = rules.findIndex((r) => r.id === id && !r.builtin);
        if (i < 0) reject(`There is no alert #${id} to remove.`);
        rules.splice(i, 1);
        return [...rules];
      }),
    setAlertEnabled: (id, enabled) =>
      invoke('setAlertEnabled', [id, enabled], () => {
        const rule = rules.find((r) => r.id === id) ?? reject(`There is no alert #${id}.`);
        rule.enabled = enabled;
        return { ...rule };
      }),
    setAlertLevel: (id, level) =>
      invoke('setAlertLevel', [id, level], () => {
        const rule = rules.find((r) => r.id === id) ?? reject(`There is no alert #${id}.`);
        if (rule.spec.kind !== 'low-buying-power') reject(`Alert #${id} has no level to set.`);
        if (level !== null && !(Number.isFinite(level) && level > 0)) reject(`The buying-power level must be a positive number of dollars, not ${String(level)}.`);
        rule.spec = { kind: 'low-buying-power', level };
        rule.label = `An account's buying power falls below $${(level ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
        return { ...rule };
      }),
    getAlertFeed: () => invoke('getAlertFeed', [], () => alertFeed),
    markAlertsSeen: () =>
      invoke('markAlertsSeen', [], () => {
        alertFeed = { recent: alertFeed.recent.map((f) => ({ ...f, seen: true })), unseen: 0 };
        emit('alerts', alertFeed);
        return alertFeed;
      }),
    onAlerts: (cb) => subscribe('alerts', cb),
    getActivity: () => invoke('getActivity', [], () => state.activity),
    syncActivity: () => invoke('syncActivity', [], () => state.activity),
    onActivity: (cb) => subscribe('activity', cb),
    onOrderFilled: (cb) => subscribe('orderFilled', cb),
    getOrders: (status) =>
      invoke('getOrders', [status], () => (status === 'working' ? state.activity.workingOrders : state.activity.workingOrders.filter((o) => o.filledQuantity > 0))),
    getTransactions: (range, type, search) =>
      invoke('getTransactions', trimmed([range, type, search]), () =>
        state.transactions.filter(
          (t) =>
            (!range || (t.time.slice(0, 10) >= range.from && t.time.slice(0, 10) <= range.to)) &&
            (type === undefined || t.type === type) &&
            (!search || `${t.description} ${t.symbol ?? ''} ${t.type} ${t.account}`.toLowerCase().includes(search.trim().toLowerCase())),
        ),
      ),
    getStreamState: () => invoke('getStreamState', [], () => state.stream),
    // Taking the stream back reconnects; the fake goes straight to connecting, as the core reports first.
    takeBackStream: () =>
      invoke('takeBackStream', [], () => {
        if (state.stream.state === 'taken-over') {
          state.stream = { ...state.stream, state: 'connecting', reason: null };
          emit('streamState', state.stream);
        }
        return state.stream;
      }),
    onStreamState: (cb) => subscribe('streamState', cb),
    exportCsv: (request) =>
      invoke('exportCsv', [request], () =>
        request.kind === 'positions'
          ? { fileName: 'arbion-positions.csv', text: `symbol\r\n${(request.rows ?? []).map((r) => r.symbol).join('\r\n')}\r\n`, rows: request.rows?.length ?? 0 }
          : { fileName: 'arbion-transactions.csv', text: 'activity_id\r\n', rows: 0 },
      ),
  };

  return {
    api,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    get state() {
      return state;
    },
    pushSnapshot: (snapshot) => setSnapshot(snapshot),
    pushPrices: (prices) => {
      const { snapshot, patch } = reducePortfolio(state.snapshot, { type: 'prices', prices });
      state.snapshot = snapshot;
      if (patch) emit('portfolioPatch', patch);
    },
    pushAuthState: (auth) => {
      state.auth = auth;
      emit('authState', auth);
    },
    pushSettings: (settings) => {
      state.settings = settings;
      emit('settings', settings);
    },
    pushAlertFeed: (feed) => {
      alertFeed = feed;
      emit('alerts', feed);
    },
    pushActivity: (activity) => {
      state.activity = activity;
      emit('activity', activity);
    },
    pushOrderFilled: (notice) => emit('orderFilled', notice),
    pushStreamState: (stream) => {
      state.stream = stream;
      emit('streamState', stream);
    },
    failNext: (method, message, code) => {
      failures.set(method, { code: code ?? 'Internal', message });
    },
    listenerCount: (event) => listeners[event].size,
  };
}
