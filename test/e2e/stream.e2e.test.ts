// A streamed price in real Chromium: the built renderer behind the browser host, the real core and the
// sandbox's Streamer over loopback WebSocket. One stock's price moves in the sandbox; its row, its account's
// card and the header total follow within a second, to the cent of the sandbox's book, with no REST
// request in between (the sandbox counts every route).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, TruthAccount } from '../../main/sandbox/index';
import { openDemoInChromium, type DemoInChromium } from '../support/demoInChromium';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dollars = (cents: number): string => usd.format(cents / 100);
// The routes a price could come from by REST.
const REST_ROUTES = ['GET /trader/v1/accounts', 'GET /trader/v1/accounts/{accountHash}', 'GET /marketdata/v1/quotes', 'GET /marketdata/v1/{symbol}/quotes'];

describe('a streamed tick in Chromium', () => {
  let sandbox: Sandbox | null = null;
  let page: Page;

  const box = (): Sandbox => {
    if (!sandbox) throw new Error('the demo sandbox never started');
    return sandbox;
  };
  const restRequests = (): number => {
    const counts = box().counters();
    return REST_ROUTES.reduce((sum, r) => sum + (counts[r] ?? 0), 0);
  };
  const truthTotal = (): string => dollars(box().truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0));
  const headerTotal = () => page.locator('.headline-value .big-figure');
  const accountValue = (a: TruthAccount) =>
    page.getByRole('tab', { name: new RegExp(`^${a.nickName} · …${a.accountNumber.slice(-4)}`) }).locator('.tab-value');
  const rowValue = (symbol: string) =>
    page.locator('.pos-row', { has: page.locator('.col-symbol .sym', { hasText: new RegExp(`^${symbol}$`) }) }).locator('.col-mv');
  let demo: DemoInChromium | null = null;

  beforeAll(async () => {
    demo = await openDemoInChromium({
      name: 'stream',
      context: { viewport: { width: 1360, height: 860 } },
      // The slowest reconcile pace, so no scheduled refresh can land inside the second the test watches.
      settings: { reconcileIntervalSec: 600 },
    });
    ({ sandbox, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('moves the row, the account card and the header total within one second, with no REST request', async () => {
    await expect.poll(() => headerTotal().textContent(), { timeout: 20_000 }).toBe(truthTotal());
    await expect.poll(() => page.getByTestId('stream-badge').locator('.badge-label').textContent(), { timeout: 20_000 }).toBe('Streaming');

    // A stock held in one account only, with no option on it, whose row the (virtualized) table rendered.
    const accounts = box().truth().accounts;
    const underlyings = new Set(accounts.flatMap((a) => a.positions.flatMap((p) => (p.underlyingSymbol ? [p.underlyingSymbol] : []))));
    const holders = (symbol: string) => accounts.filter((a) => a.positions.some((p) => p.symbol === symbol));
    const candidates = [...new Set(accounts.flatMap((a) => a.positions.filter((p) => p.kind === 'EQUITY').map((p) => p.symbol)))].filter(
      (s) => holders(s).length === 1 && !underlyings.has(s),
    );
    let symbol: string | undefined;
    for (const s of candidates) {
      if ((await rowValue(s).count()) === 1) {
        symbol = s;
        break;
      }
    }
    if (!symbol) throw new Error(`none of ${candidates.join(', ')} has a row on screen`);
    const account = holders(symbol)[0]!;
    const position = () => box().truth().accounts.find((a) => a.hashValue === account.hashValue)!.positions.find((p) => p.symbol === symbol)!;
    const accountTruth = () => box().truth().accounts.find((a) => a.hashValue === account.hashValue)!;

    // The screen agrees with the book before the move.
    await expect.poll(() => rowValue(symbol).textContent()).toBe(dollars(position().marketValueCents));
    await expect.poll(() => accountValue(account).textContent()).toBe(dollars(accountTruth().current.liquidationValueCents));
    const before = { row: await rowValue(symbol).textContent(), card: await accountValue(account).textContent(), total: await headerTotal().textContent() };
    const rest = restRequests();

    box().movePrice(symbol, 137);
    const movedAt = Date.now();
    const after = { row: dollars(position().marketValueCents), card: dollars(accountTruth().current.liquidationValueCents), total: truthTotal() };
    expect(after.row).not.toBe(before.row);
    expect(after.card).not.toBe(before.card);
    expect(after.total).not.toBe(before.total);

    await expect
      .poll(async () => ({ row: await rowValue(symbol).textContent(), card: await accountValue(account).textContent(), total: await headerTotal().textContent() }), {
        timeout: 1_000,
        interval: 50,
      })
      .toEqual(after);
    expect(Date.now() - movedAt).toBeLessThan(1_000);
    expect(restRequests()).toBe(rest);
  });
});
