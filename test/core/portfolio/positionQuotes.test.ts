// Mark / last / day change per position from one quotes request per refresh, and the cash & sweep row's
// figures: the real sandbox over loopback HTTP, real SQLite files, the fake clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { EQUITIES, listed } from '../../../main/sandbox/instruments';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createPortfolioService, type PortfolioService } from '../../../main/core/portfolio/poller';
import { createPositionQuotes } from '../../../main/core/portfolio/positionQuotes';
import { createWatchQuotes, type WatchQuotes } from '../../../main/core/alerts/watchQuotes';
import { createSymbolNames } from '../../../main/core/portfolio/symbolNames';
import { createSymbolNameStore } from '../../../main/core/store/symbolNameStore';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { silentLogger } from '../../../main/core/log/logger';
import { DEFAULT_SETTINGS, type PortfolioSnapshot } from '../../../common/contract';
import { FakeClock } from '../../support/fakeClock';
import { sandboxTokenSource, type TestTokenSource } from '../schwab/sandboxTokens';

let sandbox: Sandbox;
let tokens: TestTokenSource;
let dir: string;
let db: Db;
let clock: FakeClock;
const services: PortfolioService[] = [];

function makeService(watch?: WatchQuotes): PortfolioService {
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, random: () => 0.5, maxAttempts: 1 });
  const client = createAccountsClient(http);
  const symbolNames = createSymbolNames({ client, store: createSymbolNameStore(db), clock, logger: silentLogger });
  const service = createPortfolioService({
    client,
    db,
    clock,
    settings: { get: () => ({ ...DEFAULT_SETTINGS, offHours: 'same' }) },
    authGate: { get: () => ({ status: 'signed-in', mode: 'demo' }), subscribe: () => () => undefined },
    symbolNames,
    quotes: createPositionQuotes({ client, clock, logger: silentLogger, symbolNames, ...(watch ? { watch } : {}) }),
  });
  services.push(service);
  return service;
}

const quoteRequests = (): number => sandbox.counters()['GET /marketdata/v1/quotes'] ?? 0;
const totalRequests = (): number => Object.values(sandbox.counters()).reduce((s, n) => s + n, 0);
const positions = (s: PortfolioSnapshot) => s.accounts.flatMap((a) => a.positions);
const cents = (n: number): number => Math.round(n * 100);

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 5, autoApprove: true });
  tokens = await sandboxTokenSource(sandbox);
  sandbox.resetCounters();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-quotes-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  clock = new FakeClock();
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  await sandbox.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('position quotes', () => {
  it("gives every position the sandbox's mark, last and day change, from one quotes request per refresh", async () => {
    const service = makeService();
    await service.refreshNow();
    // First refresh: accountNumbers, accounts, and one quotes request that also carries the stock names.
    expect(sandbox.counters()['GET /marketdata/v1/quotes']).toBe(1);
    sandbox.resetCounters();

    sandbox.tick();
    const snap = (await service.refreshNow())!;
    expect(sandbox.counters()).toEqual({ 'GET /trader/v1/accounts': 1, 'GET /marketdata/v1/quotes': 1 });
    const prices = sandbox.truth().prices;
    for (const p of positions(snap)) {
      const truth = prices[p.symbol]!;
      expect(p.lastPrice, p.symbol).toBe(truth.lastCents / 100);
      expect(p.netChange, p.symbol).toBe((truth.lastCents - truth.closeCents) / 100);
      expect(p.mark, p.symbol).not.toBeNull();
      expect(p.netPercentChange, p.symbol).not.toBeNull();
      expect(p.quoteTime).not.toBeNull();
      // The quote agrees with the position Schwab-shaped payload reports (options ×100).
      const multiplier = p.assetType === 'OPTION' ? 100 : 1;
      expect(cents(p.lastPrice! * p.quantity * multiplier), p.symbol).toBe(p.marketValue);
    }
    // Names rode along in the first refresh's quotes request.
    for (const p of positions(snap).filter((x) => x.assetType === 'EQUITY')) expect(p.description).toBe(listed(p.symbol).name);

    for (let i = 0; i < 3; i++) {
      sandbox.tick();
      clock.advance(10_000);
      await service.refreshNow();
    }
    expect(quoteRequests()).toBe(4);
    expect(totalRequests()).toBe(8);
  });

  it("gives each option its greeks and underlying price from the same quotes request (no stream needed)", async () => {
    const service = makeService();
    sandbox.tick();
    const snap = (await service.refreshNow())!;
    const options = positions(snap).filter((p) => p.assetType === 'OPTION');
    expect(options.length).toBeGreaterThan(0);
    const prices = sandbox.truth().prices;
    for (const o of options) {
      expect(o.underlyingPrice, o.symbol).toBe(prices[o.underlyingSymbol!]!.lastCents / 100);
      expect(o.delta, o.symbol).toBeTypeOf('number');
      if (o.putCall === 'CALL') expect(o.delta!, o.symbol).toBeGreaterThan(0);
      else expect(o.delta!, o.symbol).toBeLessThan(0);
      expect(Math.abs(o.delta!)).toBeLessThanOrEqual(1);
      expect(o.theta!, o.symbol).toBeLessThan(0); // long or short, a contract loses time value per share
      expect(o.iv!, o.symbol).toBeGreaterThan(1); // percent, as Schwab sends it
    }
    // Stocks and funds get no option figures.
    for (const p of positions(snap).filter((x) => x.assetType !== 'OPTION')) expect(p.delta, p.symbol).toBeUndefined();
  });

  it('symbols alerts watch that are not held ride in the same quotes request and go to the watched quotes, not the positions', async () => {
    const watch = createWatchQuotes();
    const held = new Set(sandbox.heldSymbols());
    const unheld = EQUITIES.map((e) => e.symbol).find((s) => !held.has(s))!;
    const heldOne = positions((await makeService().refreshNow())!)[0]!.symbol;
    watch.watch([unheld, heldOne]);
    const service = makeService(watch);
    await service.refreshNow();
    sandbox.resetCounters();
    sandbox.tick();
    const snap = (await service.refreshNow())!;
    expect(sandbox.counters()).toEqual({ 'GET /trader/v1/accounts': 1, 'GET /marketdata/v1/quotes': 1 });
    const truth = sandbox.truth().prices[unheld]!;
    expect(watch.quote(unheld)).toMatchObject({ lastCents: truth.lastCents, closeCents: truth.closeCents });
    expect(watch.quote(unheld)?.markCents).not.toBeNull();
    // A held symbol is priced in its position as before, never in the watched quotes.
    expect(watch.quote(heldOne)).toBeUndefined();
    expect(positions(snap).map((p) => p.symbol)).not.toContain(unheld);
  });

  it('a failing quotes request never fails the refresh: no mark, no quote time, then prices again', async () => {
    const service = makeService();
    await service.refreshNow();
    sandbox.faults.failNext(1, 503, { pathPrefix: '/marketdata' });
    sandbox.tick();
    const failed = (await service.refreshNow())!;
    expect(failed.freshness).toBe('fresh');
    expect(failed.totals.liquidationValue).toBe(sandbox.truth().accounts.reduce((s, a) => s + a.current.liquidationValueCents, 0));
    for (const p of positions(failed)) {
      expect(p.mark).toBeNull();
      expect(p.lastPrice).toBeNull();
      expect(p.quoteTime).toBeNull();
    }
    const again = (await service.refreshNow())!;
    for (const p of positions(again)) expect(p.mark).not.toBeNull();
  });

  it('cash & sweep plus every position add up to the account value, and their weights to exactly 100 %', async () => {
    const service = makeService();
    for (let i = 0; i < 5; i++) {
      sandbox.tick();
      const snap = (await service.refreshNow())!;
      for (const a of snap.accounts) {
        const rows = cents(a.cashBalance) + cents(a.sweepBalance) + a.positions.reduce((s, p) => s + cents(p.marketValue), 0);
        expect(rows).toBe(cents(a.liquidationValue));
        const weights = Math.round(a.cashWeightPercent * 100) + a.positions.reduce((s, p) => s + Math.round(p.weightPercent * 100), 0);
        expect(weights).toBe(10_000);
        // Shorts weigh negative: the weights are shares of the account value, not of gross exposure.
        for (const p of a.positions) if (p.marketValue < 0) expect(p.weightPercent).toBeLessThan(0);
      }
    }
  });
});
