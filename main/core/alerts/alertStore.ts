// Alert rules and the fired-alerts log in the session's SQLite file (migration v5).
import type { AlertRuleSpec } from '../../../common/contract';
import type { Db } from '../store/database';
import type { RuleState } from './rules';

export interface StoredRule {
  id: number;
  spec: AlertRuleSpec;
  dedupeKey: string;
  label: string;
  enabled: boolean;
  builtin: boolean;
  createdAt: number;
  state: RuleState;
  notifiedAt: number | null;
}

export interface StoredFired {
  id: number;
  ruleId: number;
  at: number;
  subject: string;
  title: string;
  body: string;
  privateTitle: string;
  privateBody: string;
  notified: boolean;
  seen: boolean;
}

interface RuleRow {
  id: number;
  spec: string;
  dedupe_key: string;
  label: string;
  enabled: number;
  builtin: number;
  created_at: number;
  state: string;
  notified_at: number | null;
}

interface FiredRow {
  id: number;
  rule_id: number;
  at: number;
  subject: string;
  title: string;
  body: string;
  private_title: string;
  private_body: string;
  notified: number;
  seen: number;
}

function parseState(json: string): RuleState {
  try {
    const v = JSON.parse(json) as { disarmed?: unknown };
    return { disarmed: Array.isArray(v.disarmed) ? v.disarmed.filter((s): s is string => typeof s === 'string') : [] };
  } catch {
    return { disarmed: [] };
  }
}

const toRule = (r: RuleRow): StoredRule => ({
  id: r.id,
  // Written only by this store from a validated AlertRuleSpec.
  spec: JSON.parse(r.spec) as AlertRuleSpec,
  dedupeKey: r.dedupe_key,
  label: r.label,
  enabled: r.enabled === 1,
  builtin: r.builtin === 1,
  createdAt: r.created_at,
  state: parseState(r.state),
  notifiedAt: r.notified_at,
});

const toFired = (r: FiredRow): StoredFired => ({
  id: r.id,
  ruleId: r.rule_id,
  at: r.at,
  subject: r.subject,
  title: r.title,
  body: r.body,
  privateTitle: r.private_title,
  privateBody: r.private_body,
  notified: r.notified === 1,
  seen: r.seen === 1,
});

export interface AlertStore {
  rules(): StoredRule[];
  rule(id: number): StoredRule | null;
  byDedupeKey(key: string): StoredRule | null;
  insert(spec: AlertRuleSpec, dedupeKey: string, label: string, at: number): StoredRule;
  remove(id: number): void;
  setEnabled(id: number, enabled: boolean): void;
  saveState(id: number, state: RuleState): void;
  /** Replaces a rule's spec and clears its state (a built-in's new level). */
  setSpec(id: number, spec: AlertRuleSpec): void;
  setNotifiedAt(id: number, at: number): void;
  addFired(entry: Omit<StoredFired, 'id' | 'seen'>): StoredFired;
  recentFired(limit: number): StoredFired[];
  unseenCount(): number;
  markAllSeen(): void;
}

export function createAlertStore(db: Db): AlertStore {
  const getRule = (id: number): StoredRule | null => {
    const row = db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRule(row) : null;
  };
  return {
    rules: () => (db.prepare('SELECT * FROM alert_rules ORDER BY builtin DESC, id').all() as RuleRow[]).map(toRule),
    rule: getRule,
    byDedupeKey: (key) => {
      const row = db.prepare('SELECT * FROM alert_rules WHERE dedupe_key = ?').get(key) as RuleRow | undefined;
      return row ? toRule(row) : null;
    },
    insert: (spec, dedupeKey, label, at) => {
      const info = db
        .prepare('INSERT INTO alert_rules (spec, dedupe_key, label, created_at) VALUES (?, ?, ?, ?)')
        .run(JSON.stringify(spec), dedupeKey, label, at);
      return getRule(Number(info.lastInsertRowid))!;
    },
    remove: (id) => void db.prepare('DELETE FROM alert_rules WHERE id = ? AND builtin = 0').run(id),
    setEnabled: (id, enabled) => void db.prepare('UPDATE alert_rules SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id),
    saveState: (id, state) => void db.prepare('UPDATE alert_rules SET state = ? WHERE id = ?').run(JSON.stringify(state), id),
    setSpec: (id, spec) =>
      void db.prepare(`UPDATE alert_rules SET spec = ?, state = '{"disarmed":[]}' WHERE id = ?`).run(JSON.stringify(spec), id),
    setNotifiedAt: (id, at) => void db.prepare('UPDATE alert_rules SET notified_at = ? WHERE id = ?').run(at, id),
    addFired: (e) => {
      const info = db
        .prepare(
          `INSERT INTO fired_alerts (rule_id, at, subject, title, body, private_title, private_body, notified)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(e.ruleId, e.at, e.subject, e.title, e.body, e.privateTitle, e.privateBody, e.notified ? 1 : 0);
      return { ...e, id: Number(info.lastInsertRowid), seen: false };
    },
    recentFired: (limit) =>
      (db.prepare('SELECT * FROM fired_alerts ORDER BY id DESC LIMIT ?').all(limit) as FiredRow[]).map(toFired),
    unseenCount: () => (db.prepare('SELECT COUNT(*) AS n FROM fired_alerts WHERE seen = 0').get() as { n: number }).n,
    markAllSeen: () => void db.prepare('UPDATE fired_alerts SET seen = 1 WHERE seen = 0').run(),
  };
}
