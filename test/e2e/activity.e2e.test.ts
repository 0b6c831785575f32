// The Activity view in real Chromium through the browser host: the real core in this process, the sandbox
// over loopback HTTP, real SQLite files. An order that fills while the window is open shows a toast, a row
// in today's fills and the refreshed balances within 2 s of the sandbox's fill, with no wait for a poll.
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

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const root = path.resolve(__dirname, '../..');

describe('the Activity view in Chromium through the browser host', () => {
  let dataDir: string;
  let sandbox: Sandbox | null = null;
  let core: ArbionCore;
  let host: WebHost;
  let browser: Browser;
  let page: Page;

  const box = (): Sandbox => {
    if (!sandbox) throw new Error('the demo sandbox never started');
    return sandbox;
  };
  const truthTotal = (): string => usd.format(box().truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0) / 100);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) {
      const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('renderer build failed');
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-activity-'));
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
        // No tickMs: prices move only when the test says, so the total can be checked to the cent.
        sandbox = await startSandbox({ autoApprove: true, seed: 11, redirectUris: [uri] });
        return {
          baseUrl: sandbox.baseUrl,
          clientId: sandbox.client.clientId,
          clientSecret: sandbox.client.clientSecret,
          redirectUri: uri,
          onAccountActivity: (listener) => sandbox!.activity.onEvent(() => listener()),
          close: () => sandbox!.close(),
        };
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

  it('reaches the Activity view from the keyboard and shows the synced year', async () => {
    await expect.poll(() => page.locator('.headline-value .big-figure').textContent(), { timeout: 20_000 }).toBe(truthTotal());
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Portfolio' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('button', { name: 'Activity' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.sync-status').textContent(), { timeout: 20_000 }).toMatch(/Activity as of/);
    expect(await page.getByTestId('realized-note').textContent()).toMatch(/Estimated from Schwab transactions/);
    const working = box().activity.workingOrders();
    expect(working.length).toBeGreaterThan(0);
    for (const o of working) await expect.poll(() => page.getByTestId(`order-${o.orderId}`).count()).toBe(1);
  });

  it('an order that fills while the window is open: toast, fill row and balances within 2 s', async () => {
    const started = Date.now();
    const events = box().activity.fillNext();
    const execution = events.find((e) => e.type === 'ExecutionCreated')!;
    await page.getByRole('alert').filter({ hasText: /Order (partly )?filled/ }).waitFor({ timeout: 2_000 });
    await page.getByTestId(`fill-${execution.orderId}`).waitFor({ timeout: 2_000 - (Date.now() - started) });
    await expect.poll(() => page.locator('.headline-value .big-figure').textContent(), { timeout: Math.max(1, 2_000 - (Date.now() - started)) }).toBe(truthTotal());
    expect(Date.now() - started).toBeLessThan(2_000);
    const toast = await page.getByRole('alert').filter({ hasText: /Order (partly )?filled/ }).textContent();
    expect(toast).toContain(`at $${execution.price!.toFixed(2)}`);
    expect(await page.getByTestId(`fill-${execution.orderId}`).textContent()).toContain(usd.format(execution.price!).slice(1));
  });
});
