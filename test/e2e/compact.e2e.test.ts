// The compact layout in real Chromium at 800 × 600: the built renderer behind the browser host, the real core
// and the demo sandbox over loopback. The header stays on one line, every account card is reachable by
// scrolling the cards sideways, positions are on the first screen, the table does not scroll sideways to
// reach Day P&L, option symbols are not cut off, and the chosen sort and columns survive a reload.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInChromium, type DemoInChromium } from '../support/demoInChromium';

const root = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(root, 'docs', 'compact-800x600.png');
const WIDTH = 800;
const HEIGHT = 600;

describe('compact layout at 800 × 600 in Chromium', () => {
  let page: Page;
  let demo: DemoInChromium | null = null;

  beforeAll(async () => {
    demo = await openDemoInChromium({
      name: 'compact',
      context: { ignoreHTTPSErrors: true, viewport: { width: WIDTH, height: HEIGHT } },
    });
    ({ page } = demo);
    await page.locator('.pos-row').nth(3).waitFor({ timeout: 20_000 });
    // Quotes arrive with the refresh: wait until the marks are on screen.
    await page.waitForFunction(() => document.querySelector('.pos-row td.col-price')?.textContent?.includes('$'), null, { timeout: 20_000 });
  });

  afterAll(async () => {
    await demo?.close();
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
