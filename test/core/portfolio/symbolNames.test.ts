// Stock names that Schwab's positions omit, looked up once from quotes: sandbox over HTTP, real SQLite files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { listed } from '../../../main/sandbox/instruments';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createPortfolioService, type PortfolioService } from '../../../main/core/portfolio/poller';
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

function makeService(): PortfolioService {
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, random: () => 0.5, maxAttempts: 1 });
  const client = createAccountsClient(http);
  const service = createPortfolioService({
    client,
    db,
    clock,
    settings: { get: () => ({ ...DEFAULT_SETTINGS, offHours: 'same' }) },
    authGate: { get: () => ({ status: 'signed-in', mode: 'demo' }), subscribe: () => () => undefined },
    symbolNames: createSymbolNames({ client, store: createSymbolNameStore(db), clock, logger: silentLogger }),
  });
  services.push(service);
  return service;
}

const quoteRequests = (): number => sandbox.counters()['GET /marketdata/v1/quotes'] ?? 0;
const accountRequests = (): number => sandbox.counters()['GET /trader/v1/accounts'] ?? 0;
const stocks = (s: PortfolioSnapshot) => s.accounts.flatMap((a) => a.positions).filter((p) => p.assetType === 'EQUITY');

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 11, autoApprove: true });
  tokens = await sandboxTokenSource(sandbox);
  sandbox.resetCounters();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-names-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  clock = new FakeClock();
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  await sandbox.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('symbol names', () => {
  it('names every stock from one quotes request, then costs nothing on later refreshes', async () => {
    const service = makeService();
    const first = (await service.refreshNow())!;
    expect(stocks(first).length).toBeGreaterThan(2);
    for (const p of stocks(first)) expect(p.description).toBe(listed(p.symbol).name);
    expect(quoteRequests()).toBe(1);

    sandbox.tick();
    await service.refreshNow();
    await service.refreshNow();
    expect(quoteRequests()).toBe(1);
    expect(accountRequests()).toBe(3);
  });

  it('keeps the names in SQLite: a restart shows them without asking again', async () => {
    await makeService().refreshNow();
    db.close();
    db = openDatabase(path.join(dir, 'arbion.db'));
    sandbox.resetCounters();
    const again = (await makeService().refreshNow())!;
    for (const p of stocks(again)) expect(p.description).toBe(listed(p.symbol).name);
    expect(sandbox.counters()).toEqual({ 'GET /trader/v1/accounts': 1 });
  });

  it('a failing quotes endpoint never fails the refresh; names arrive after the retry wait', async () => {
    sandbox.faults.failNext(1, 503, { pathPrefix: '/marketdata' });
    const service = makeService();
    const first = (await service.refreshNow())!;
    expect(first.freshness).toBe('fresh');
    for (const p of stocks(first)) expect(p.description).toBe('');

    await service.refreshNow();
    expect(quoteRequests()).toBe(1); // waits before asking again

    clock.advance(15 * 60_000);
    const later = (await service.refreshNow())!;
    for (const p of stocks(later)) expect(p.description).toBe(listed(p.symbol).name);
    expect(quoteRequests()).toBe(2);
  });
});
