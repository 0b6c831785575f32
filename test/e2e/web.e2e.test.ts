// The whole product in real Chromium: the built renderer served by the browser host, the real core in
// this process, the sandbox over loopback HTTP, the loopback HTTPS callback, real SQLite files. The figures
// on screen are compared with the sandbox's own book to the cent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
const resultsDir = path.join(root, 'test-results');

describe('Arbion in Chromium through the browser host', () => {
  let dataDir: string;
  let sandbox: Sandbox | null = null;
  let core: ArbionCore;
  let host: WebHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let redirectUri: string;
  const issuedTokens = new Set<string>();
  const realFetch = globalThis.fetch;

  const box = (): Sandbox => {
    if (!sandbox) throw new Error('the demo sandbox never started');
    return sandbox;
  };
  const truthTotal = (): string =>
    usd.format(box().truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0) / 100);
  const headerTotal = () => page.locator('.headline-value .big-figure');

  /** Click a sign-in button, approve on the sandbox's consent page in the tab it opens, and come back. */
  async function signInThroughConsentTab(button: RegExp): Promise<void> {
    box().setAutoApprove(false);
    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: button }).click();
    const consent = await tab;
    await consent.waitForLoadState();
    expect(consent.url().startsWith(box().baseUrl)).toBe(true);
    await expect.poll(() => consent.locator('h1').textContent()).toMatch(/Allow .* to access your accounts/);

    // A forged callback (wrong state) on the real redirect URI is refused and the sign-in goes on.
    const forged = await context.newPage();
    const response = await forged.goto(`${redirectUri}/?code=forged-code&state=not-the-state`);
    expect(response?.status()).toBeGreaterThanOrEqual(400);
    expect(await forged.locator('h1').textContent()).not.toBe('Signed in');
    await forged.close();

    await consent.locator('#allow').click();
    await consent.waitForURL((u) => u.href.startsWith(redirectUri));
    await expect.poll(() => consent.locator('h1').textContent()).toBe('Signed in');
    await consent.close();
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) {
      const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('renderer build failed');
    }
    // Watch (not alter) the core's token responses, to search the disk and the page for those exact strings.
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/v1/oauth/token') && response.ok) {
        const body = (await response.clone().json()) as { access_token?: string; refresh_token?: string };
        for (const t of [body.access_token, body.refresh_token]) if (t) issuedTokens.add(t);
      }
      return response;
    };
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-web-'));
    redirectUri = `https://127.0.0.1:${await freePort()}`;
    core = await createCore({
      dataDir,
      env: { SCHWAB_REDIRECT_URI: redirectUri },
      cipher: createFileKeyCipher(dataDir),
      settings: createMemorySettingsStore(),
      opener: { open: async () => false },
      logger: silentLogger,
      demoBackend: async (o) => {
        const uri = o?.redirectUri ?? redirectUri;
        // No tickMs: prices move only when the test ticks, so the screen can be checked to the cent.
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
    // The loopback callback's certificate is self-signed, as in the app (the user clicks through once).
    context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await page.goto(host.url);
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await browser?.close();
    await host?.close();
    await core?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the DEMO portfolio with the sandbox’s total to the cent', async () => {
    await expect.poll(() => headerTotal().textContent(), { timeout: 20_000 }).toBe(truthTotal());
    await expect.poll(() => page.locator('.demo-pill').isVisible()).toBe(true);
    expect(await page.getByTestId('freshness-badge').locator('.badge-label').textContent()).toBe('Demo data');
    // The positions table lists the sandbox's holdings (it is virtualized, so check the rows it rendered).
    const held = new Set(box().truth().accounts.flatMap((a) => a.positions.filter((p) => p.kind !== 'OPTION').map((p) => p.symbol)));
    const tableText = await page.locator('.pos-table').innerText();
    expect([...held].filter((symbol) => new RegExp(`\\b${symbol}\\b`).test(tableText)).length).toBeGreaterThanOrEqual(5);
  });

  it('follows a price move on Refresh', async () => {
    const before = await headerTotal().textContent();
    box().tick(25);
    const after = truthTotal();
    expect(after).not.toBe(before);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => headerTotal().textContent()).toBe(after);
  });

  it('hides every dollar figure in privacy mode', async () => {
    await page.getByRole('button', { name: 'Privacy mode' }).click();
    await expect.poll(() => page.locator('body').innerText()).not.toMatch(/\$\s?\d/);
    expect(await page.locator('body').innerText()).toMatch(/\d+(\.\d+)?%/);
    await page.getByRole('button', { name: 'Privacy mode' }).click();
    await expect.poll(() => headerTotal().textContent()).toBe(truthTotal());
  });

  it('stays readable at 200% zoom: no sideways page scroll, the total and the positions still on screen', async () => {
    const zoomed = await context.newPage();
    // 200% zoom of a 1280-pixel-wide window leaves a 640-CSS-pixel viewport.
    await zoomed.setViewportSize({ width: 640, height: 430 });
    await zoomed.goto(host.url);
    const total = zoomed.locator('.headline-value .big-figure');
    await expect.poll(() => total.textContent()).toBe(truthTotal());
    expect(await total.isVisible()).toBe(true);
    const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await zoomed.locator('.pos-table').scrollIntoViewIfNeeded();
    expect(await zoomed.locator('.pos-table').isVisible()).toBe(true);
    fs.mkdirSync(resultsDir, { recursive: true });
    await zoomed.screenshot({ path: path.join(resultsDir, 'web-zoom-200.png'), fullPage: true });
    await zoomed.close();
  });

  it('keeps the cached portfolio, greyed, when Schwab revokes the sign-in, and renews through the callback', async () => {
    const cached = await headerTotal().textContent();
    box().faults.revokeRefreshTokens();
    box().faults.expireAccessTokens();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.getByTestId('reauth-banner').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('portfolio-content').getAttribute('class')).toContain('greyed');
    expect(await headerTotal().textContent()).toBe(cached);

    box().tick(3);
    await signInThroughConsentTab(/Sign in again/);
    await expect.poll(() => page.getByTestId('reauth-banner').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => headerTotal().textContent(), { timeout: 20_000 }).toBe(truthTotal());
  });

  it('signing out of the demo leads to the first screen for the user’s own app; the demo is one click away', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Connect to Schwab' }).isVisible()).toBe(true);
    // Signed out means no figures from the old session on screen.
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(truthTotal());
    // The sandbox's app is not the user's: the screen asks for an App Key, Secret and callback URL, and
    // Connect cannot sign straight back into the demo.
    expect(text).not.toContain('App Key and Secret saved');
    for (const field of ['App Key', 'Secret', 'Callback URL']) expect(await page.getByLabel(field, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Connect to Schwab' }).isDisabled()).toBe(true);
    expect((await core.handlers.getAuthState()).mode).toBe('live');

    // The demo signs in by itself (its consent is auto-approved, as the hosts start it).
    box().setAutoApprove(true);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(() => headerTotal().textContent(), { timeout: 20_000 }).toBe(truthTotal());
    // The header keeps to one line at a desktop width: the toolbar sits beside the figures and badges.
    const headline = (await page.locator('.headline').boundingBox())!;
    const toolbar = (await page.locator('.toolbar').boundingBox())!;
    expect(Math.abs(toolbar.y - headline.y)).toBeLessThan(16);
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'web-dashboard.png') });
  });

  it('leaves no token in any file of the data folder or in the page', async () => {
    expect(issuedTokens.size).toBeGreaterThanOrEqual(4);
    const files = fs
      .readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(dataDir, f))
      .filter((f) => fs.statSync(f).isFile());
    expect(files.some((f) => /\.(db|sqlite)$/.test(f))).toBe(true);
    const pageState = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify({ ...localStorage }));
    for (const token of issuedTokens) {
      for (const f of files) expect(fs.readFileSync(f).includes(Buffer.from(token)), `${path.basename(f)} holds a token`).toBe(false);
      expect(pageState.includes(token)).toBe(false);
    }
  });
});
