// The order built-in against the sandbox over real loopback HTTP: an order filled (in two executions) and one
// rejected each fire the alert once, through the alerts' delivery; a later sync does not fire them again, and
// the complete fill is notified once (by the alert), not twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityView, AlertFeed } from '../../../common/contract';
import { createCore } from '../../../main/core/api/createCore';
import type { ArbionCore } from '../../../main/core/api/coreTypes';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { freePort } from '../../support/freePort';
import { next } from '../../support/nextValue';
import { sharedSandboxBackend } from '../../support/sandboxDemoBackend';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orderCore(dataDir: string, sandbox: Sandbox, redirectUri: string, notifications: string[]): Promise<ArbionCore> {
  return createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore(),
    opener: { open: async () => false },
    notifier: { notify: (title, body) => void notifications.push(`${title} | ${body}`) },
    logger: silentLogger,
    demoBackend: async () => sharedSandboxBackend(sandbox, redirectUri, true),
  });
}

const synced = (core: ArbionCore): Promise<ActivityView> =>
  next<ActivityView>((cb) => core.events.on('activity', cb), (v) => v.sync.phase === 'idle' && v.sync.lastSyncAt !== null);
const orderAlerts = (feed: AlertFeed): string[] => feed.recent.filter((f) => /^Order (filled|rejected)$/.test(f.title)).map((f) => f.title).reverse();

/** A data folder and a sandbox of its own, removed after the test. */
async function world(prefix: string): Promise<{ dataDir: string; sandbox: Sandbox; redirectUri: string; notifications: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  const sandbox = await startSandbox({ autoApprove: true, seed: 7, redirectUris: [redirectUri] });
  cleanups.push(() => sandbox.close());
  return { dataDir, sandbox, redirectUri, notifications: [] };
}

describe('order filled / rejected alert', () => {
  it('fires once per order, for a fill and a rejection, and not again on the next sync', async () => {
    const { dataDir, sandbox, redirectUri, notifications } = await world('arbion-order-alerts-');
    const core = await orderCore(dataDir, sandbox, redirectUri, notifications);
    cleanups.push(() => core.dispose());
    const alerted = (count: number): Promise<AlertFeed> => next<AlertFeed>((cb) => core.events.on('alerts', cb), (f) => orderAlerts(f).length >= count);
    await synced(core); // the first sync (a backfill) is history: nothing from before fires

    const [half] = sandbox.activity.fillNext();
    await synced(core);
    expect(orderAlerts(await core.handlers.getAlertFeed())).toEqual([]);
    const filled = alerted(1);
    const rest = sandbox.activity.fillNext();
    expect(rest.map((e) => e.type)).toEqual(['ExecutionCreated', 'OrderFillCompleted']);
    expect(rest[0]!.orderId).toBe(half!.orderId);
    await filled;

    const rejected = alerted(2);
    sandbox.activity.placeOrder();
    const [rejection] = sandbox.activity.rejectNext();
    expect(rejection).toMatchObject({ type: 'OrderRejected' });
    const feed = await rejected;
    expect(orderAlerts(feed)).toEqual(['Order filled', 'Order rejected']);
    const orders = await core.handlers.getOrders('all');
    expect(orders.find((o) => o.orderId === String(rejection!.orderId))?.status).toBe('REJECTED');

    // Another order's activity makes another sync: the two orders do not fire again.
    sandbox.activity.placeOrder();
    await synced(core);
    expect(orderAlerts(await core.handlers.getAlertFeed())).toEqual(['Order filled', 'Order rejected']);
    // One OS notification for the complete fill (the alert's), one for the partial fill (the activity's);
    // the rejection came within the order alert's 5 minutes, so it is listed and audited, not notified.
    expect(notifications.filter((n) => n.startsWith('Order'))).toEqual([
      expect.stringMatching(/^Order partly filled \| /),
      expect.stringMatching(/^Order filled \| BUY .+: 10 at \$[\d.,]+ · /),
    ]);
    const audit = await core.handlers.getAuditLog(50);
    expect(audit.filter((e) => e.detail?.includes('Order rejected')).map((e) => e.detail)).toEqual([expect.stringMatching(/Order rejected \(not notified: 5-minute limit\)$/)]);
  }, 60_000);

  it('tells at the next launch an order that filled while the app was closed, once', async () => {
    const { dataDir, sandbox, redirectUri, notifications } = await world('arbion-order-away-');
    const launch = async (): Promise<{ core: ArbionCore; feed: AlertFeed }> => {
      const core = await orderCore(dataDir, sandbox, redirectUri, notifications);
      await synced(core);
      return { core, feed: await core.handlers.getAlertFeed() };
    };

    const first = await launch();
    expect(orderAlerts(first.feed)).toEqual([]);
    const working = sandbox.activity.workingOrders()[0]!;
    await first.core.dispose();

    // While the app is closed, the oldest working order fills in two executions.
    sandbox.activity.fillNext();
    expect(sandbox.activity.fillNext().map((e) => e.type)).toContain('OrderFillCompleted');

    const second = await launch();
    expect(orderAlerts(second.feed)).toEqual(['Order filled']);
    expect(notifications.filter((n) => n.startsWith('Order filled'))).toHaveLength(1);
    expect((await second.core.handlers.getOrders('all')).find((o) => o.orderId === String(working.orderId))?.status).toBe('FILLED');
    await second.core.dispose();

    // The next launch does not tell it again.
    const third = await launch();
    cleanups.push(() => third.core.dispose());
    expect(orderAlerts(third.feed)).toEqual(['Order filled']);
    expect(notifications.filter((n) => n.startsWith('Order filled'))).toHaveLength(1);
  }, 60_000);
});
