// Alerts in real Chromium: the built renderer behind the browser host, the real core and sandbox. A bad
// level is refused in the Settings form with the core's sentence; a valid price alert is saved, the
// sandbox's price is moved across the level, and the fired alert appears in the window's list.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioSnapshot } from '../../common/contract';
import { createCore } from '../../main/core/api/createCore';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { createMemorySettingsStore } from '../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { DEFAULT_RENDERER_DIR, startWebHost, type WebHost } from '../../main/web/webHost';
import { launchChromium } from '../support/chromium';

const root = path.resolve(__dirname, '../..');

describe('alerts in Chromium', () => {
  let dataDir: string;
  let sandbox: Sandbox | null = null;
  let core: ArbionCore;
  let host: WebHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) {
      const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('renderer build failed');
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-alerts-'));
    core = await createCore({
      dataDir,
      env: {},
      cipher: createFileKeyCipher(dataDir),
      settings: createMemorySettingsStore(),
      opener: { open: async () => false },
      logger: silentLogger,
      demoBackend: async (o) => {
        const uri = o?.redirectUri ?? 'https://127.0.0.1:8182';
        sandbox = await startSandbox({ autoApprove: true, seed: 11, redirectUris: [uri] });
        return { baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri: uri, close: () => sandbox!.close() };
      },
    });
    host = await startWebHost({ core, logger: silentLogger });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await core?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an alert in Settings → Alerts and shows it firing in the window', async () => {
    await expect.poll(() => page.getByRole('tab').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const snapshot = (await core.handlers.getSnapshot()) as PortfolioSnapshot;
    const stock = snapshot.accounts.flatMap((a) => a.positions).find((p) => p.assetType === 'EQUITY' && p.mark !== null)!;
    const levelCents = Math.round(stock.mark! * 100) + 500;

    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'New alert' });
    await form.getByLabel('Symbol').fill(stock.symbol);
    await form.getByLabel('Price ($)').fill('-3');
    await form.getByRole('button', { name: 'Add alert' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('The price level must be a positive number of dollars, not -3.');
    expect((await core.handlers.listAlerts()).some((r) => r.spec.kind === 'price')).toBe(false);

    await form.getByLabel('Price ($)').fill((levelCents / 100).toFixed(2));
    await form.getByRole('button', { name: 'Add alert' }).click();
    const label = `${stock.symbol} above $${(levelCents / 100).toFixed(2)}`;
    await expect.poll(() => page.getByRole('list', { name: 'Alert rules' }).getByText(label).count()).toBe(1);
    expect(await form.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: /close/i }).first().click();

    sandbox!.setPrice(stock.symbol, levelCents + 100);
    await core.handlers.refreshNow();
    const list = page.getByRole('region', { name: 'Alerts' });
    await expect.poll(() => list.getByText(label).count(), { timeout: 10_000 }).toBe(1);
    expect(await list.textContent()).toContain(`${stock.symbol} is at $${((levelCents + 100) / 100).toFixed(2)} (mark)`);
    // Shown in the window: marked seen, so the tray's mark goes away.
    await expect.poll(async () => (await core.handlers.getAlertFeed()).unseen).toBe(0);
  }, 60_000);
});
