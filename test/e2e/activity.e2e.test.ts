// The Activity view in real Chromium through the browser host: the real core in this process, the sandbox
// over loopback HTTP, real SQLite files. An order that fills while the window is open shows a toast, a row
// in today's fills and the refreshed balances within 2 s of the sandbox's fill, with no wait for a poll.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../main/sandbox/index';
import { openDemoInChromium, type DemoInChromium } from '../support/demoInChromium';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

describe('the Activity view in Chromium through the browser host', () => {
  let sandbox: Sandbox | null = null;
  let page: Page;

  const box = (): Sandbox => {
    if (!sandbox) throw new Error('the demo sandbox never started');
    return sandbox;
  };
  const truthTotal = (): string => usd.format(box().truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0) / 100);
  let demo: DemoInChromium | null = null;

  beforeAll(async () => {
    demo = await openDemoInChromium({
      name: 'activity',
      context: { viewport: { width: 1360, height: 900 } },
      announceActivity: true,
    });
    ({ sandbox, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
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
