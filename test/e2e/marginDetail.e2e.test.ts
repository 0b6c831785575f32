// Margin detail, account nicknames and the market session in real Chromium: the built renderer behind the
// browser host, the real core, and a sandbox whose first MARGIN account is put into a Reg T call through its
// typed options. Saves a screenshot of the balances card (docs/margin-detail.png is taken from it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/api/createCore';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { createMemorySettingsStore } from '../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { DEFAULT_RENDERER_DIR, startWebHost, type WebHost } from '../../main/web/webHost';
import { launchChromium } from '../support/chromium';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const root = path.resolve(__dirname, '../..');
const resultsDir = path.join(root, 'test-results');

describe('margin detail in Chromium', () => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-margin-'));
    core = await createCore({
      dataDir,
      env: {},
      cipher: createFileKeyCipher(dataDir),
      settings: createMemorySettingsStore(),
      opener: { open: async () => false },
      logger: silentLogger,
      demoBackend: async (o) => {
        const uri = o?.redirectUri ?? 'https://127.0.0.1:8182';
        sandbox = await startSandbox({
          autoApprove: true,
          seed: 11,
          redirectUris: [uri],
          marginStates: [{ account: 0, regTCallCents: 250_000, roundTrips: 2 }],
        });
        return { baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri: uri, close: () => sandbox!.close() };
      },
    });
    host = await startWebHost({ core, logger: silentLogger });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await core?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the account by its nickname and shows its margin figures and the call in red', async () => {
    await expect.poll(() => page.getByRole('tab').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const truth = sandbox!.truth().accounts[0]!;
    const tab = page.getByRole('tab', { name: new RegExp(`^${truth.nickName} · …${truth.accountNumber.slice(-4)}`) });
    await expect.poll(() => tab.count(), { timeout: 20_000 }).toBe(1);
    await tab.click();

    const detail = page.getByTestId('margin-detail');
    const figure = (label: string) => detail.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('dd');
    await expect.poll(() => figure('Maintenance requirement').textContent()).toBe(usd.format(sandbox!.truth().accounts[0]!.current.maintenanceRequirementCents / 100));
    expect(await figure('Round trips (PDT)').textContent()).toBe('2');
    expect(await figure('SMA').textContent()).toMatch(/^\$[\d,]+\.\d\d$/);

    const call = detail.getByTestId('margin-call');
    expect(await call.textContent()).toContain('Reg T call $2,500.00');
    const [callColour, downColour] = await call.evaluate((el) => [
      getComputedStyle(el).color,
      (() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--down)';
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      })(),
    ]);
    expect(callColour).toBe(downColour);

    // Demo data is never called Schwab's; the session badge uses the exchange's clock.
    expect(await page.getByTestId('freshness-badge').locator('.badge-label').textContent()).toBe('Demo data');
    expect(await page.getByTestId('market-session').textContent()).toMatch(/ ET/);

    fs.mkdirSync(resultsDir, { recursive: true });
    await page.getByRole('region', { name: /^Balances/ }).screenshot({ path: path.join(resultsDir, 'margin-detail.png') });
  });
});
