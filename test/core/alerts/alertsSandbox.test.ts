// Alerts in a real core against the sandbox over loopback: a price walked across the level, back inside
// the band, across again (nothing), back beyond the band (re-armed) and across once more fires twice —
// the second time logged but not notified (one notification per alert per 5 minutes). Validation asks
// the sandbox's quotes; rules and the log survive a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortfolioSnapshot, PositionView } from '../../../common/contract';
import { createCore } from '../../../main/core/api/createCore';
import type { InProcessCore } from '../../../main/core/api/coreTypes';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { freePort } from '../../support/freePort';
import { formatSymbol, parseOccSymbol } from '../../../common/format/optionSymbol';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A data folder of the test's own, removed after it. */
function tempDataDir(prefix: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

interface Running {
  core: InProcessCore;
  sandbox: () => Sandbox;
  notified: Array<{ title: string; body: string }>;
}

async function demoCore(dataDir: string, options: { evaluateAlerts?: boolean } = {}): Promise<Running> {
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  let sandbox: Sandbox | null = null;
  const notified: Running['notified'] = [];
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore(),
    opener: { open: async () => false },
    notifier: { notify: (title, body) => void notified.push({ title, body }) },
    logger: silentLogger,
    ...options,
    demoBackend: async (o) => {
      sandbox = await startSandbox({ autoApprove: true, seed: 7, redirectUris: [o?.redirectUri ?? redirectUri] });
      return { baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri: o?.redirectUri ?? redirectUri, close: () => sandbox!.close() };
    },
  });
  return { core, sandbox: () => sandbox!, notified };
}

function liveSnapshot(core: InProcessCore): Promise<PortfolioSnapshot> {
  return new Promise((resolve) => {
    const off = core.events.on('snapshot', (s) => {
      if (s.source === 'live') {
        off();
        resolve(s);
      }
    });
  });
}

function equity(s: PortfolioSnapshot): PositionView {
  const p = s.accounts.flatMap((a) => a.positions).find((x) => x.assetType === 'EQUITY' && x.mark !== null);
  if (!p) throw new Error('the demo holds no quoted equity');
  return p;
}

describe('alerts against the sandbox', () => {
  it('fire once per crossing with hysteresis, are validated with one quotes request, and survive a restart', async () => {
    const dataDir = tempDataDir('arbion-alerts-');
    const first = await demoCore(dataDir);
    let disposed = false;
    cleanups.push(() => (disposed ? undefined : first.core.dispose()));
    const { core, sandbox, notified } = first;
    const snapshot = await liveSnapshot(core);
    const stock = equity(snapshot);

    const error = (p: Promise<unknown>) => p.then(() => 'saved', (e: { message: string }) => e.message);
    expect(await error(core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: -5 }))).toBe(
      'The price level must be a positive number of dollars, not -5.',
    );
    expect(await error(core.handlers.addAlert({ kind: 'day-move', symbol: stock.symbol, percent: 150 }))).toBe(
      'The percent must be between -100 and 100 and not 0, not 150.',
    );
    sandbox().resetCounters();
    expect(await error(core.handlers.addAlert({ kind: 'price', symbol: 'ZZZZQ', direction: 'above', level: 10 }))).toBe('Schwab knows no symbol "ZZZZQ".');
    expect(sandbox().counters()['GET /marketdata/v1/quotes']).toBe(1);

    const levelCents = Math.round(stock.mark! * 100) + 500;
    const level = levelCents / 100;
    const rule = await core.handlers.addAlert({ kind: 'price', symbol: stock.symbol.toLowerCase(), direction: 'above', level });
    expect(rule).toMatchObject({ enabled: true, builtin: false, spec: { kind: 'price', symbol: stock.symbol, level } });
    expect(await error(core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level }))).toMatch(/^That alert already exists \(#\d+: /);
    const kinds = await core.handlers.listAlerts();
    expect(kinds.map((r) => r.spec.kind)).toEqual(['margin-call', 'option-expiry', 'option-itm', 'low-buying-power', 'order-status', 'price']);
    // The demo holds options already in the money: this walk watches the one price rule.
    await core.handlers.setAlertEnabled(kinds.find((r) => r.spec.kind === 'option-itm')!.id, false);

    const band = Math.round(levelCents * 0.0025);
    const walk = [levelCents + 100, levelCents - 1, levelCents + 100, levelCents - 2 * band, levelCents + 200];
    const firedAfter: number[] = [];
    for (const cents of walk) {
      sandbox().setPrice(stock.symbol, cents);
      const refreshed = await core.handlers.refreshNow();
      expect(equity(refreshed!).mark).toBe(cents / 100);
      firedAfter.push((await core.handlers.getAlertFeed()).recent.length);
    }
    expect(firedAfter).toEqual([1, 1, 1, 1, 2]);
    const feed = await core.handlers.getAlertFeed();
    expect(feed.unseen).toBe(2);
    expect(feed.recent.map((f) => f.notified)).toEqual([false, true]);
    expect(notified).toHaveLength(1);
    expect(notified[0]!.title).toBe(`${stock.symbol} above $${level.toFixed(2)}`);
    expect((await core.handlers.getAuditLog(50)).filter((e) => e.event === 'alert-fired')).toHaveLength(2);

    // Privacy mode: the window's list loses the dollar amounts.
    await core.handlers.updateSettings({ privacyMode: true });
    expect((await core.handlers.getAlertFeed()).recent.every((f) => !f.body.includes('$') && !f.title.includes('$'))).toBe(true);

    await core.handlers.setAlertEnabled(rule.id, false);
    await core.handlers.markAlertsSeen();
    await first.core.dispose();
    disposed = true;

    const second = await demoCore(dataDir);
    cleanups.push(() => second.core.dispose());
    const rules = await second.core.handlers.listAlerts();
    expect(rules.find((r) => r.id === rule.id)).toMatchObject({ enabled: false, spec: { symbol: stock.symbol } });
    expect(await second.core.handlers.getAlertFeed()).toMatchObject({ unseen: 0, recent: [{ ruleId: rule.id }, { ruleId: rule.id }] });
    expect(await error(second.core.handlers.removeAlert(rules[0]!.id))).toMatch(/is built in: turn it off/);
    expect((await second.core.handlers.removeAlert(rule.id)).map((r) => r.id)).not.toContain(rule.id);
  }, 60_000);

  it('follow price patches: a tick across the level fires from the patched view, with the patched figures', async () => {
    const dataDir = tempDataDir('arbion-alerts-patch-');
    const { core, notified } = await demoCore(dataDir);
    cleanups.push(() => core.dispose());
    const snapshot = await liveSnapshot(core);
    const stock = equity(snapshot);
    const levelCents = Math.round(stock.mark! * 100) + 1_000;
    const level = levelCents / 100;
    await core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level });
    const patches: number[] = [];
    const off = core.events.on('portfolioPatch', (p) => void patches.push(p.positions.length));
    cleanups.push(off);

    const asOf = new Date(Date.parse(snapshot.asOf) + 1_000).toISOString();
    // Below the level: a patch, no alert.
    expect(core.inProcess.applyPricePatch([{ symbol: stock.symbol, mark: (levelCents - 1) / 100, asOf }])).not.toBeNull();
    expect((await core.handlers.getAlertFeed()).recent).toEqual([]);
    // At the level plus a dollar: the alert fires from this patch, reading the patched mark.
    const patch = core.inProcess.applyPricePatch([{ symbol: stock.symbol, mark: (levelCents + 100) / 100, asOf }])!;
    expect(patches).toHaveLength(2);
    const moved = patch.positions.find((p) => p.symbol === stock.symbol)!;
    expect(moved.marketValue).toBe(Math.round(stock.quantity * (levelCents + 100) * stock.multiplier));
    // Alerts look at streamed patches at most once a second: this one is seen at the end of that second.
    await expect.poll(async () => (await core.handlers.getAlertFeed()).recent.length, { timeout: 3_000 }).toBe(1);
    const feed = await core.handlers.getAlertFeed();
    expect(feed.recent[0]!.body).toBe(`${stock.symbol} is at $${((levelCents + 100) / 100).toFixed(2)} (mark), at or above your $${level.toFixed(2)} level.`);
    expect(notified).toEqual([{ title: `${stock.symbol} above $${level.toFixed(2)}`, body: feed.recent[0]!.body }]);
  }, 60_000);

  it('a core that does not evaluate alerts (the CLI) leaves a crossing for the host that can notify', async () => {
    const dataDir = tempDataDir('arbion-alerts-cli-');
    const cli = await demoCore(dataDir, { evaluateAlerts: false });
    const stock = equity(await liveSnapshot(cli.core));
    const levelCents = Math.round(stock.mark! * 100) + 700;
    await cli.core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: levelCents / 100 });
    cli.sandbox().setPrice(stock.symbol, levelCents + 100);
    await cli.core.handlers.refreshNow();
    expect((await cli.core.handlers.getAlertFeed()).recent).toHaveLength(0);
    await cli.core.dispose();

    const app = await demoCore(dataDir);
    cleanups.push(() => app.core.dispose());
    // The app's first look is below the level (a fresh sandbox); then the price crosses.
    await liveSnapshot(app.core);
    app.sandbox().setPrice(stock.symbol, levelCents + 100);
    await app.core.handlers.refreshNow();
    expect((await app.core.handlers.getAlertFeed()).recent).toHaveLength(1);
    expect(app.notified).toHaveLength(1);
  }, 60_000);

  it('option in the money fires from the REST refresh alone: the stream paused and the underlying not held', async () => {
    const dataDir = tempDataDir('arbion-alerts-itm-');
    const { core, sandbox } = await demoCore(dataDir);
    cleanups.push(() => core.dispose());
    const first = await liveSnapshot(core);
    core.inProcess.pauseStream();
    const outOfTheMoney = first.accounts
      .flatMap((a) => a.positions)
      .find((p) => {
        const occ = parseOccSymbol(p.symbol);
        if (!occ || typeof p.underlyingPrice !== 'number') return false;
        return occ.putCall === 'C' ? p.underlyingPrice < occ.strike * 0.98 : p.underlyingPrice > occ.strike * 1.02;
      });
    if (!outOfTheMoney) throw new Error('the demo holds no option out of the money');
    const occ = parseOccSymbol(outOfTheMoney.symbol)!;
    const underlying = outOfTheMoney.underlyingSymbol!;
    // Take the underlying's shares out, so the option's own quote is the only source of its price.
    cleanups.push(sandbox().setAsideHolding(underlying));
    const itmOf = async (): Promise<number> =>
      (await core.handlers.getAlertFeed()).recent.filter((f) => f.title === `${formatSymbol(outOfTheMoney.symbol)} is in the money`).length;

    const held = (await core.handlers.refreshNow())!.accounts.flatMap((a) => a.positions);
    expect(held.some((p) => p.symbol === underlying)).toBe(false);
    expect(await itmOf()).toBe(0);
    sandbox().resetCounters();
    const across = Math.round(occ.strike * 100 * (occ.putCall === 'C' ? 1.05 : 0.95));
    sandbox().setPrice(underlying, across);
    const after = (await core.handlers.refreshNow())!;
    expect(after.accounts.flatMap((a) => a.positions).find((p) => p.symbol === outOfTheMoney.symbol)!.underlyingPrice).toBe(across / 100);
    expect(await itmOf()).toBe(1);
    // One refresh: the accounts and one quotes request, no stream in between.
    expect(sandbox().counters()).toEqual({ 'GET /trader/v1/accounts': 1, 'GET /marketdata/v1/quotes': 1 });
  }, 60_000);
});
