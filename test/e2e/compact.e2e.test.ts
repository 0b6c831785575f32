// The compact layout in real Chromium at 800 × 600: the built renderer behind the browser host, the real core
// and the demo sandbox over loopback. The header stays on one line, every account card is reachable by
// scrolling the cards sideways, positions are on the first screen, the table does not scroll sideways to
// reach Day P&L, option symbols are not cut off, and the chosen sort and columns survive a reload.
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
import { freePort } from '../support/freePort';
import { launchChromium } from '../support/chromium';

const root = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(root, 'docs', 'compact-800x600.png');
const WIDTH = 800;
const HEIGHT = 600;

describe('compact layout at 800 × 600 in Chromium', () => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-compact-'));
    const redirectUri = `https://127.0.0.1:${await freePort()}`;
    core = await createCore({
      dataDir,
      env: { SCHWAB_REDIRECT_URI: redirectUri },
      cipher: createFileKeyCipher(dataDir),
      settings: createMemorySettingsStore(),
      opener: { open: async () => false },
      logger: silentLogger,
      demoBackend: async (o) => {
        const uri = o?.redirectUri ?? redirectUri;
        // No tickMs: prices hold still, so the screenshot is stable.
        sandbox = await startSandbox({ autoApprove: true, seed: 11, redirectUris: [uri] });
        return {
          baseUrl: sandbox.baseUrl,
          clientId: sandbox.client.clientId,
          clientSecret: sandbox.client.clientSecret,
          redirectUri: uri,
          close: () => sandbox!.close(),
        };
      },
    });
    host = await startWebHost({ core, logger: silentLogger });
    browser = await launchChromium();
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: WIDTH, height: HEIGHT } });
    page = await context.newPage();
    await page.goto(host.url);
    await page.locator('.pos-row').nth(3).waitFor({ timeout: 20_000 });
    // Quotes arrive with the refresh: wait until the marks are on screen.
    await page.waitForFunction(() => document.querySelector('.pos-row td.col-price')?.textContent?.includes('$'), null, { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await core?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the header on one line and the page from scrolling sideways', async () => {
    const topbar = (await page.locator('.topbar').boundingBox())!;
    expect(topbar.height).toBeLessThanOrEqual(56);
    const toolbar = (await page.locator('.toolbar').boundingBox())!;
    expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(WIDTH);
    expect(Math.abs(toolbar.y - topbar.y)).toBeLessThan(12); // same line as the brand
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Nothing in the headline is cut off: the freshness and market-session badges read in full.
    const headline = (await page.locator('.headline').boundingBox())!;
    for (const badge of await page.locator('.headline .badge').all()) {
      const box = (await badge.boundingBox())!;
      expect(box.x + box.width, await badge.innerText()).toBeLessThanOrEqual(headline.x + headline.width + 0.5);
      expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth), await badge.innerText()).toBe(true);
    }
    expect(await page.locator('[data-testid="market-session"]').isVisible()).toBe(true);
  });

  it('scrolls the account cards sideways, so the fourth card is reachable and not clipped', async () => {
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(4);
    const last = tabs.nth(3);
    await last.scrollIntoViewIfNeeded();
    const strip = (await page.locator('.account-tabs').boundingBox())!;
    const card = (await last.boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(strip.x - 1);
    expect(card.x + card.width).toBeLessThanOrEqual(strip.x + strip.width + 1);
    expect(await last.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await tabs.first().scrollIntoViewIfNeeded();
  });

  it('shows positions on the first screen, with Day P&L and Weight without scrolling sideways', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const rows = page.locator('.pos-row');
    const firstRows = await rows.evaluateAll((els) => els.slice(0, 3).map((e) => e.getBoundingClientRect().bottom));
    for (const bottom of firstRows) expect(bottom).toBeLessThanOrEqual(HEIGHT);
    const scroller = page.locator('.table-scroll');
    expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    for (const name of ['Day P&L', 'Weight', 'Mark']) {
      const box = (await page.getByRole('columnheader', { name, exact: true }).boundingBox())!;
      expect(box.x + box.width, name).toBeLessThanOrEqual(WIDTH);
    }
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('reads every option symbol in full, put/call first', async () => {
    // One account, as the issue saw it: the symbol column must fit the longest option.
    await page.getByRole('tab').nth(1).click();
    const cells = page.locator('.pos-row td.col-symbol');
    const count = await cells.count();
    let options = 0;
    for (let i = 0; i < count; i++) {
      const cell = cells.nth(i);
      if ((await cell.locator('.pc-tag').count()) === 0) continue;
      options++;
      expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), await cell.innerText()).toBe(true);
      expect(await cell.locator('.pc-tag').innerText()).toMatch(/^(PUT|CALL)$/);
    }
    expect(options).toBeGreaterThan(0);
    await page.getByRole('tab').first().click();
  });

  it('remembers the chosen sort and columns across a reload', async () => {
    await page.getByRole('columnheader', { name: /^Market value/ }).getByRole('button').click();
    await page.locator('.col-picker summary').click();
    await page.getByRole('checkbox', { name: 'Unrealized P&L' }).check();
    await page.reload();
    await expect.poll(() => page.locator('.pos-row').count(), { timeout: 20_000 }).toBeGreaterThan(3);
    expect(await page.getByRole('columnheader', { name: /^Market value/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('columnheader', { name: /^Unrealized P&L/ }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: /^Description/ }).count()).toBe(0);
  });
});
