// The alerts of one session: rules and log in its SQLite file, evaluated through one entry point the model
// calls on every change (each full snapshot and each price patch, with the view as patched).
// A hit is always logged and audited; it reaches the OS notification only outside quiet hours and at most
// once per rule per 5 minutes. Privacy mode keeps dollar amounts out of the notification and the audit log.
import type { AlertFeed, AlertInput, AlertRuleView, FiredAlertView, PortfolioSnapshot } from '../../../common/contract';
import { ArbionError } from '../errors';
import type { Clock, Logger, Notifier, SettingsStore } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import { AUDIT_EVENTS, type AuditLog } from '../store/auditLog';
import type { Db } from '../store/database';
import { accountName, ruleLabel } from './alertText';
import { createAlertStore, type StoredFired, type StoredRule } from './alertStore';
import { inQuietHours } from './quietHours';
import { evaluateOrderSignals, evaluateRule, normalizeSymbol, type OrderSignal, type RuleOptions, type RuleResult } from './rules';
import type { WatchQuotes } from './watchQuotes';
import { dedupeKey, validateAlert } from './validateAlert';
import { isLiveFreshness } from '../../../common/portfolio/liveness';

export const NOTIFY_INTERVAL_MS = 5 * 60_000;
const FEED_LIMIT = 50;

export interface AlertServiceOptions {
  db: Db;
  audit: AuditLog;
  quotes: Pick<AccountsClient, 'getQuotes'>;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  notifier?: Notifier;
  /** Called with the feed after an alert fired or the feed was marked seen. */
  onFeed?: (feed: AlertFeed) => void;
  /** Quiet hours are read on this zone's clock (the system's when absent). */
  timeZone?: string;
  rules?: RuleOptions;
  /** Told the symbols of the enabled price and day-move rules; its quotes price the symbols not held. */
  watch?: Pick<WatchQuotes, 'watch' | 'quote'>;
}

export interface AlertService {
  /** Evaluates every enabled rule against the current portfolio view; returns what fired. */
  evaluate(view: PortfolioSnapshot, now: number): FiredAlertView[];
  list(): AlertRuleView[];
  add(input: AlertInput, view: PortfolioSnapshot | null): Promise<AlertRuleView>;
  remove(id: number): AlertRuleView[];
  setEnabled(id: number, enabled: boolean): AlertRuleView;
  /** A built-in's level in dollars (low buying power), or null for its default; a bad level saves nothing. */
  setLevel(id: number, level: number | null): AlertRuleView;
  /** Orders that became FILLED or REJECTED since the previous activity sync of this run; returns what fired. */
  orderChanges(signals: readonly OrderSignal[], now: number): FiredAlertView[];
  feed(): AlertFeed;
  markSeen(): AlertFeed;
}

export function createAlertService(options: AlertServiceOptions): AlertService {
  const store = createAlertStore(options.db);
  const log = options.logger.child('alerts');

  const ruleView = (r: StoredRule): AlertRuleView => ({
    id: r.id,
    label: r.builtin ? ruleLabel(r.spec) : r.label,
    enabled: r.enabled,
    builtin: r.builtin,
    createdAt: new Date(r.createdAt).toISOString(),
    spec: r.spec,
  });
  const firedView = (f: StoredFired, privacy: boolean): FiredAlertView => ({
    id: f.id,
    ruleId: f.ruleId,
    at: new Date(f.at).toISOString(),
    title: privacy ? f.privateTitle : f.title,
    body: privacy ? f.privateBody : f.body,
    notified: f.notified,
    seen: f.seen,
  });
  const feed = (): AlertFeed => {
    const privacy = options.settings.get().privacyMode;
    return { recent: store.recentFired(FEED_LIMIT).map((f) => firedView(f, privacy)), unseen: store.unseenCount() };
  };
  const existing = (id: number): StoredRule => {
    const rule = store.rule(id);
    if (!rule) throw new ArbionError('NotFound', `There is no alert #${id}.`);
    return rule;
  };
  const watched = (symbol: string) => options.watch?.quote(symbol);
  // After every change to the rules: the stream and the REST refresh follow the symbols alerts watch.
  const syncWatch = (): void => {
    const symbols = store.rules().flatMap((r) => (r.enabled && (r.spec.kind === 'price' || r.spec.kind === 'day-move') ? [normalizeSymbol(r.spec.symbol)] : []));
    options.watch?.watch(symbols);
  };
  syncWatch();

  /** Logs, audits and (outside quiet hours, at most once per rule per 5 minutes) notifies a rule's hits. */
  const deliver = (rule: StoredRule, result: RuleResult, now: number, fired: FiredAlertView[]): void => {
    if (result.state.disarmed.join('\n') !== rule.state.disarmed.join('\n')) store.saveState(rule.id, result.state);
    if (result.hits.length === 0) return;
    const settings = options.settings.get();
    const quiet = inQuietHours(now, settings.alertQuietStart, settings.alertQuietEnd, options.timeZone);
    let notifiedAt = rule.notifiedAt;
    for (const hit of result.hits) {
      const notify = !quiet && (notifiedAt === null || now - notifiedAt >= NOTIFY_INTERVAL_MS);
      const entry = store.addFired({ ruleId: rule.id, at: now, notified: notify, ...hit });
      const privacy = settings.privacyMode;
      const title = privacy ? hit.privateTitle : hit.title;
      const body = privacy ? hit.privateBody : hit.body;
      options.audit.append(AUDIT_EVENTS.alertFired, 'info', `#${rule.id} ${title}${notify ? '' : quiet ? ' (quiet hours)' : ' (not notified: 5-minute limit)'}`);
      if (notify) {
        notifiedAt = now;
        store.setNotifiedAt(rule.id, now);
        options.notifier?.notify(title, body);
      }
      fired.push(firedView(entry, privacy));
    }
  };
  const announce = (fired: FiredAlertView[]): FiredAlertView[] => {
    if (fired.length > 0) {
      log.info('alerts fired', { count: fired.length });
      options.onFeed?.(feed());
    }
    return fired;
  };

  return {
    evaluate(view, now) {
      // Stale, cached or offline figures are not news: only a live, fresh view can fire.
      if (view.source !== 'live' || !isLiveFreshness(view.freshness)) return [];
      const fired: FiredAlertView[] = [];
      for (const rule of store.rules()) {
        if (rule.enabled) deliver(rule, evaluateRule(rule.spec, rule.state, view, now, options.rules, watched), now, fired);
      }
      return announce(fired);
    },
    orderChanges(signals, now) {
      const fired: FiredAlertView[] = [];
      if (signals.length === 0) return fired;
      for (const rule of store.rules()) {
        if (rule.enabled && rule.spec.kind === 'order-status') deliver(rule, evaluateOrderSignals(rule.state, signals), now, fired);
      }
      return announce(fired);
    },
    list: () => store.rules().map(ruleView),
    async add(input, view) {
      const checked = await validateAlert(input, options.quotes, view);
      const key = dedupeKey(checked);
      const twin = store.byDedupeKey(key);
      if (twin) throw new ArbionError('BadRequest', `That alert already exists (#${twin.id}: ${ruleView(twin).label}).`);
      const names = new Map(view?.accounts.map((a) => [a.hash, accountName(a)]) ?? []);
      const label = ruleLabel(checked, (hash) => names.get(hash) ?? 'one account');
      const added = ruleView(store.insert(checked, key, label, options.clock.now()));
      syncWatch();
      return added;
    },
    remove(id) {
      const rule = existing(id);
      if (rule.builtin) throw new ArbionError('BadRequest', `Alert #${id} is built in: turn it off instead of removing it.`);
      store.remove(id);
      syncWatch();
      return store.rules().map(ruleView);
    },
    setEnabled(id, enabled) {
      existing(id);
      store.setEnabled(id, enabled);
      syncWatch();
      return ruleView(existing(id));
    },
    setLevel(id, level) {
      const rule = existing(id);
      if (rule.spec.kind !== 'low-buying-power') throw new ArbionError('BadRequest', `Alert #${id} has no level to set.`);
      if (level !== null && !(Number.isFinite(level) && level > 0)) {
        throw new ArbionError('BadRequest', `The buying-power level must be a positive number of dollars, not ${String(level)}.`);
      }
      // A new level starts afresh: accounts already below it fire again.
      store.setSpec(id, { kind: 'low-buying-power', level });
      return ruleView(existing(id));
    },
    feed,
    markSeen() {
      store.markAllSeen();
      const next = feed();
      options.onFeed?.(next);
      return next;
    },
  };
}
