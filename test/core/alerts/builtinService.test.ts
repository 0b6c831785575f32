// The new built-ins through the alert service on a real SQLite file: a data folder from before them gains
// them by migration, the buying-power level is checked and saved, and the order alert goes through the same
// delivery (once per order, privacy mode, quiet hours).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract';
import { asCents } from '../../../common/money/cents';
import { createAlertService } from '../../../main/core/alerts/alertService';
import type { OrderSignal } from '../../../main/core/alerts/rules';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { AuditLog } from '../../../main/core/store/auditLog';
import { MIGRATIONS, openDatabase } from '../../../main/core/store/database';
import { FakeClock } from '../../support/fakeClock';
import { account, view } from './view';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-builtins-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function setup(file = path.join(tempDir(), 'arbion.db'), settings = createMemorySettingsStore({ ...DEFAULT_SETTINGS })) {
  const db = openDatabase(file);
  cleanups.push(() => db.close());
  const clock = new FakeClock(Date.UTC(2025, 0, 15, 15, 0));
  const audit = new AuditLog(db, clock);
  const notified: string[] = [];
  const service = createAlertService({
    db,
    audit,
    quotes: { getQuotes: async () => ({ data: {}, status: 200 }) as never },
    settings,
    clock,
    logger: silentLogger,
    notifier: { notify: (title, body) => void notified.push(`${title} | ${body}`) },
    timeZone: 'America/New_York',
  });
  return { service, clock, audit, notified, settings };
}

const order = (orderId: string, status: OrderSignal['status']): OrderSignal => ({
  orderId,
  status,
  instruction: 'SELL',
  symbol: 'MSFT',
  quantity: 5,
  price: status === 'FILLED' ? 410.5 : null,
  account: 'Margin …4410',
});

describe('the new built-ins', () => {
  it('reach a data folder written before them, keeping its rules, state and fired log', () => {
    const file = path.join(tempDir(), 'arbion.db');
    const old = new Database(file);
    for (const [v, sql] of MIGRATIONS.slice(0, 5).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    old.prepare(`INSERT INTO alert_rules (spec, dedupe_key, label, created_at) VALUES (?, 'price:AAPL', 'AAPL above $150.00', 1)`).run(
      JSON.stringify({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 }),
    );
    old.prepare('UPDATE alert_rules SET enabled = 0 WHERE dedupe_key = ?').run('margin-call');
    old.close();

    const { service } = setup(file);
    expect(service.list().map((r) => [r.spec.kind, r.builtin, r.enabled])).toEqual([
      ['margin-call', true, false],
      ['option-expiry', true, true],
      ['option-itm', true, true],
      ['low-buying-power', true, true],
      ['order-status', true, true],
      ['price', false, true],
    ]);
  });

  it('sets the buying-power level: a bad one is refused with a sentence and nothing saved; null goes back to $0', () => {
    const { service, notified } = setup();
    const rule = service.list().find((r) => r.spec.kind === 'low-buying-power')!;
    const refused = (level: number): string => {
      try {
        service.setLevel(rule.id, level);
        return 'saved';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(refused(-5)).toBe('The buying-power level must be a positive number of dollars, not -5.');
    expect(refused(0)).toBe('The buying-power level must be a positive number of dollars, not 0.');
    expect(refused(Number.NaN)).toBe('The buying-power level must be a positive number of dollars, not NaN.');
    expect(service.list().find((r) => r.id === rule.id)!.spec).toEqual({ kind: 'low-buying-power', level: null });
    const other = service.list().find((r) => r.spec.kind === 'margin-call')!;
    expect(() => service.setLevel(other.id, 100)).toThrow(`Alert #${other.id} has no level to set.`);

    const low = view([account({ buyingPower: asCents(200_000) })]);
    expect(service.evaluate(low, Date.UTC(2025, 0, 15, 15, 0))).toHaveLength(0);
    expect(service.setLevel(rule.id, 2500)).toMatchObject({ label: "An account's buying power falls below $2,500.00", spec: { level: 2500 } });
    expect(service.evaluate(low, Date.UTC(2025, 0, 15, 15, 1))).toHaveLength(1);
    expect(notified).toEqual(['Margin …4410: buying power low | Buying power in Margin …4410 is $2,000.00, below your $2,500.00 level.']);
    expect(service.setLevel(rule.id, null).spec).toEqual({ kind: 'low-buying-power', level: null });
  });

  it('fires the order alert once per order through the same delivery: privacy, 5-minute limit, audit', () => {
    const settings = createMemorySettingsStore({ ...DEFAULT_SETTINGS, privacyMode: true });
    const { service, clock, notified, audit } = setup(undefined, settings);
    expect(service.orderChanges([order('A', 'FILLED'), order('B', 'REJECTED')], clock.now()).map((f) => f.title)).toEqual(['Order filled', 'Order rejected']);
    expect(notified).toEqual(['Order filled | SELL MSFT · Margin …4410']);
    expect(service.orderChanges([order('A', 'FILLED'), order('B', 'REJECTED')], clock.now())).toEqual([]);
    expect(audit.list(10).flatMap((e) => (e.detail?.includes('Order') ? [e.detail] : []))).toEqual([
      '#5 Order rejected (not notified: 5-minute limit)',
      '#5 Order filled',
    ]);

    const rule = service.list().find((r) => r.spec.kind === 'order-status')!;
    service.setEnabled(rule.id, false);
    expect(service.orderChanges([order('C', 'FILLED')], clock.now())).toEqual([]);
  });
});
