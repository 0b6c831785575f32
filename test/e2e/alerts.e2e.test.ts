// Alerts in real Chromium: the built renderer behind the browser host, the real core and sandbox. A bad
// level is refused in the Settings form with the core's sentence; a valid price alert is saved, the
// sandbox's price is moved across the level, and the fired alert appears in the window's list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioSnapshot } from '../../common/contract';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import type { Sandbox } from '../../main/sandbox/index';
import { openDemoInChromium, type DemoInChromium } from '../support/demoInChromium';

describe('alerts in Chromium', () => {
  let sandbox: Sandbox | null = null;
  let core: ArbionCore;
  let page: Page;
  let demo: DemoInChromium | null = null;

  beforeAll(async () => {
    demo = await openDemoInChromium({
      name: 'alerts',
      context: { viewport: { width: 1360, height: 900 } },
    });
    ({ sandbox, core, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
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
