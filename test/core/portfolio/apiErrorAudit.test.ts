// API error classes in the audit log: once when a kind of failure starts, once when refreshes work again —
// not once per failed poll. Sandbox over HTTP, a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createPortfolioService, type PortfolioService } from '../../../main/core/portfolio/poller';
import { AuditLog } from '../../../main/core/store/auditLog';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { DEFAULT_SETTINGS } from '../../../common/contract';
import { FakeClock } from '../../support/fakeClock';
import { sandboxTokenSource } from '../schwab/sandboxTokens';

let sandbox: Sandbox;
let dir: string;
let db: Db;
let audit: AuditLog;
let service: PortfolioService;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 5, autoApprove: true });
  const tokens = await sandboxTokenSource(sandbox);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-api-audit-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  const clock = new FakeClock();
  audit = new AuditLog(db, clock);
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, maxAttempts: 1 });
  service = createPortfolioService({
    client: createAccountsClient(http),
    db,
    clock,
    audit,
    settings: { get: () => ({ ...DEFAULT_SETTINGS, offHours: 'same' }) },
    authGate: { get: () => ({ status: 'signed-in', mode: 'demo' }), subscribe: () => () => undefined },
  });
});
afterEach(async () => {
  await service.stop();
  await sandbox.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const apiRows = () => audit.list(50).filter((e) => e.event === 'api-error').reverse();

it('records each class of API failure once, and the recovery', async () => {
  await service.refreshNow();
  expect(apiRows()).toEqual([]);

  sandbox.faults.failNext(3, 503, { pathPrefix: '/trader' });
  for (let i = 0; i < 3; i++) await service.refreshNow();
  sandbox.faults.malformNext(1, 'invalid-json', { pathPrefix: '/trader' });
  await service.refreshNow();
  await service.refreshNow();

  const rows = apiRows();
  expect(rows.map((r) => [r.outcome, r.detail?.split(':')[0]])).toEqual([
    ['fail', 'ServerError HTTP 503'],
    ['fail', 'PayloadInvalid'],
    ['ok', 'Refreshes work again after PayloadInvalid'],
  ]);
  // The audit never holds a full account number or an account hash.
  const truth = sandbox.truth();
  for (const r of rows) {
    for (const a of truth.accounts) {
      expect(r.detail).not.toContain(a.accountNumber);
      expect(r.detail).not.toContain(a.hashValue);
    }
  }
});

it('a failing audit write does not fail the refresh or hide the error state', async () => {
  await service.stop();
  const tokens = await sandboxTokenSource(sandbox);
  const clock = new FakeClock();
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, maxAttempts: 1 });
  service = createPortfolioService({
    client: createAccountsClient(http),
    db,
    clock,
    audit: {
      append: () => {
        throw new Error('database or disk is full');
      },
    },
    settings: { get: () => ({ ...DEFAULT_SETTINGS, offHours: 'same' }) },
    authGate: { get: () => ({ status: 'signed-in', mode: 'demo' }), subscribe: () => () => undefined },
  });
  await service.refreshNow();
  sandbox.faults.failNext(1, 503, { pathPrefix: '/trader' });
  await expect(service.refreshNow()).resolves.toMatchObject({ freshness: 'stale' });
  expect(service.status().lastError?.code).toBe('ServerError');
  await expect(service.refreshNow()).resolves.toMatchObject({ freshness: 'fresh' });
});
