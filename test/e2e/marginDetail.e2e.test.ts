// Margin detail, account nicknames and the market session in real Chromium: the built renderer behind the
// browser host, the real core, and a sandbox whose first MARGIN account is put into a Reg T call through its
// typed options. Saves a screenshot of the balances card (docs/margin-detail.png is taken from it).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../main/sandbox/index';
import { openDemoInChromium, type DemoInChromium } from '../support/demoInChromium';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const root = path.resolve(__dirname, '../..');
const resultsDir = path.join(root, 'test-results');

describe('margin detail in Chromium', () => {
  let sandbox: Sandbox | null = null;
  let page: Page;
  let demo: DemoInChromium | null = null;

  beforeAll(async () => {
    demo = await openDemoInChromium({
      name: 'margin',
      context: { viewport: { width: 1360, height: 900 } },
      sandbox: { marginStates: [{ account: 0, regTCallCents: 250_000, roundTrips: 2 }] },
    });
    ({ sandbox, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
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
