// The alert service on the fake clock with a real SQLite file: quiet hours log without notifying, one
// notification per alert per 5 minutes, privacy mode keeps dollar amounts out of the notification and audit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract';
import { createAlertService, NOTIFY_INTERVAL_MS, type AlertService } from '../../../main/core/alerts/alertService';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import type { AccountsClient } from '../../../main/core/schwab/accountsClient';
import { AuditLog } from '../../../main/core/store/auditLog';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { FakeClock } from '../../support/fakeClock';
import { priced } from './view';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

// The quotes port answering as Schwab does: AAPL is known, any other symbol is listed as invalid.
const quotes: Pick<AccountsClient, 'getQuotes'> = {
  getQuotes: async (symbols) => ({
    data: symbols.includes('AAPL') ? { AAPL: { symbol: 'AAPL', assetMainType: 'EQUITY' } } : { errors: { invalidSymbols: [...symbols] } },
    status: 200,
  }) as never,
};

function setup(settings = createMemorySettingsStore({ ...DEFAULT_SETTINGS, alertQuietStart: '22:00', alertQuietEnd: '07:00' })) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-alert-svc-'));
  const db: Db = openDatabase(path.join(dir, 'arbion.db'));
  cleanups.push(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // 15:00 UTC = 10:00 New York: outside the quiet hours.
  const clock = new FakeClock(Date.UTC(2025, 0, 15, 15, 0));
  const audit = new AuditLog(db, clock);
  const notified: string[] = [];
  const feeds: number[] = [];
  const service: AlertService = createAlertService({
    db,
    audit,
    quotes,
    settings,
    clock,
    logger: silentLogger,
    notifier: { notify: (title, body) => void notified.push(`${title} | ${body}`) },
    onFeed: (f) => void feeds.push(f.unseen),
    timeZone: 'America/New_York',
  });
  return { service, clock, audit, notified, feeds, settings };
}

/** Crosses $150 and comes back beyond the band: one hit per call. */
function crossOnce(service: AlertService, clock: FakeClock): boolean {
  service.evaluate(priced(140), clock.now());
  return service.evaluate(priced(151), clock.now()).length === 1;
}

describe('alert service', () => {
  it('notifies at most once per alert per 5 minutes; every hit is still logged', async () => {
    const { service, clock, notified, feeds } = setup();
    await service.add({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 }, null);
    expect(crossOnce(service, clock)).toBe(true);
    clock.advance(NOTIFY_INTERVAL_MS - 1);
    expect(crossOnce(service, clock)).toBe(true);
    clock.advance(1);
    expect(crossOnce(service, clock)).toBe(true);
    expect(notified).toEqual([
      'AAPL above $150.00 | AAPL is at $151.00 (mark), at or above your $150.00 level.',
      'AAPL above $150.00 | AAPL is at $151.00 (mark), at or above your $150.00 level.',
    ]);
    expect(service.feed().recent.map((f) => f.notified)).toEqual([true, false, true]);
    expect(feeds).toEqual([1, 2, 3]);
  });

  it('during quiet hours logs and audits the alert without a notification', async () => {
    const { service, clock, notified, audit } = setup();
    await service.add({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 }, null);
    clock.setNow(Date.UTC(2025, 0, 16, 4, 0)); // 23:00 New York
    expect(crossOnce(service, clock)).toBe(true);
    expect(notified).toEqual([]);
    expect(service.feed().recent[0]).toMatchObject({ notified: false, seen: false });
    expect(audit.list(5)[0]).toMatchObject({ event: 'alert-fired', detail: expect.stringContaining('(quiet hours)') });
    clock.setNow(Date.UTC(2025, 0, 16, 12, 0)); // 07:00 New York: quiet hours over
    expect(crossOnce(service, clock)).toBe(true);
    expect(notified).toHaveLength(1);
  });

  it('privacy mode: no dollar amount in the notification or the audit detail', async () => {
    const settings = createMemorySettingsStore({ ...DEFAULT_SETTINGS, privacyMode: true });
    const { service, clock, notified, audit } = setup(settings);
    await service.add({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 }, null);
    expect(crossOnce(service, clock)).toBe(true);
    expect(notified).toEqual(['AAPL price alert | AAPL reached your upper price level.']);
    expect(audit.list(1)[0]!.detail).not.toContain('$');
    settings.update({ privacyMode: false });
    expect(service.feed().recent[0]!.body).toContain('$151.00');
  });

  it('stale or cached views fire nothing; markSeen clears the unseen count', async () => {
    const { service, clock } = setup();
    await service.add({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 }, null);
    expect(service.evaluate({ ...priced(151), freshness: 'stale' }, clock.now())).toEqual([]);
    expect(service.evaluate({ ...priced(151), source: 'cache' }, clock.now())).toEqual([]);
    expect(crossOnce(service, clock)).toBe(true);
    expect(service.markSeen()).toMatchObject({ unseen: 0, recent: [{ seen: true }] });
  });

  it('rejects bad input with one sentence and saves nothing', async () => {
    const { service } = setup();
    const before = service.list();
    const error = (p: Promise<unknown>) => p.then(() => 'saved', (e: Error) => e.message);
    expect(await error(service.add({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 0 }, null))).toBe('The price level must be a positive number of dollars, not 0.');
    expect(await error(service.add({ kind: 'price', symbol: 'NOPE', direction: 'below', level: 5 }, null))).toBe('Schwab knows no symbol "NOPE".');
    expect(await error(service.add({ kind: 'day-change', account: null, measure: 'percent', value: -101 }, null))).toBe(
      'The percent must be between -100 and 100 and not 0, not -101.',
    );
    expect(await error(service.add({ kind: 'buying-power', account: null, level: Number.NaN }, null))).toBe(
      'The buying-power level must be a positive number of dollars, not NaN.',
    );
    await service.add({ kind: 'day-move', symbol: 'aapl', percent: -4 }, null);
    expect(await error(service.add({ kind: 'day-move', symbol: 'AAPL', percent: -4 }, null))).toMatch(/^That alert already exists \(#6: AAPL day move beyond -4.00%\)\.$/);
    expect(service.list()).toHaveLength(before.length + 1);
  });
});
