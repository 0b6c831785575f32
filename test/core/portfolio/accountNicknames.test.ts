// Account nicknames from userPreference, end to end: the sandbox over HTTP, a real SQLite file, a fake clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createAccountNicknames } from '../../../main/core/portfolio/accountNicknames';
import { createPortfolioService, type AuthGateState, type PortfolioService } from '../../../main/core/portfolio/poller';
import { createAccountPreferenceStore } from '../../../main/core/store/accountPreferenceStore';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { silentLogger } from '../../../main/core/log/logger';
import { DEFAULT_SETTINGS } from '../../../common/contract';
import { FakeClock } from '../../support/fakeClock';
import { nextPoll as nextPollOf, untilPolls as untilPollsOf } from './serviceWaits';
import { sandboxTokenSource, type TestTokenSource } from '../schwab/sandboxTokens';

let sandbox: Sandbox;
let tokens: TestTokenSource;
let dir: string;
let db: Db;
let clock: FakeClock;
let gate: AuthGateState;
let gateListeners: Set<(s: AuthGateState) => void>;
let service: PortfolioService;

function makeService(): PortfolioService {
  const client = createAccountsClient(createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, random: () => 0.5 }));
  return createPortfolioService({
    client,
    db,
    clock,
    settings: { get: () => DEFAULT_SETTINGS },
    authGate: { get: () => gate, subscribe: (cb) => (gateListeners.add(cb), () => gateListeners.delete(cb)) },
    accountNicknames: createAccountNicknames({ client, store: createAccountPreferenceStore(db), logger: silentLogger }),
    random: () => 1,
  });
}

const preferenceRequests = (): number => sandbox.counters()['GET /trader/v1/userPreference'] ?? 0;

const untilPolls = (n: number): Promise<unknown> => untilPollsOf(service, n);
const nextPoll = (): Promise<number> => nextPollOf(service, clock);

function signIn(at: number): void {
  gate = { status: 'signed-in', mode: 'demo', signedInAt: new Date(at).toISOString() };
  for (const cb of gateListeners) cb(gate);
}

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 11, autoApprove: true });
  tokens = await sandboxTokenSource(sandbox);
  sandbox.resetCounters();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-nicknames-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  clock = new FakeClock();
  gate = { status: 'signed-in', mode: 'demo', signedInAt: new Date(clock.now() - 60_000).toISOString() };
  gateListeners = new Set();
  service = makeService();
});
afterEach(async () => {
  await service.stop();
  await sandbox.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('account nicknames', () => {
  it('puts the userPreference nickname and kind on each account, fetching it once per sign-in', async () => {
    service.start();
    await untilPolls(1);
    expect(preferenceRequests()).toBe(1);
    const truth = sandbox.truth();
    const snap = service.current()!;
    expect(snap.accounts.map((a) => a.nickname)).toEqual(truth.accounts.map((a) => a.nickName));
    expect(snap.accounts.every((a) => a.kind === 'BROKERAGE')).toBe(true);
    // The masked view keeps the names but never the full number.
    expect(snap.accounts[0]!.accountNumber).toMatch(/^…\d{4}$/);

    for (let i = 0; i < 3; i++) await nextPoll();
    expect(preferenceRequests()).toBe(1);

    // A new sign-in asks again.
    gate = { status: 'signed-out', mode: 'demo', signedInAt: null };
    for (const cb of gateListeners) cb(gate);
    clock.advance(60_000);
    signIn(clock.now());
    await untilPolls(5);
    expect(preferenceRequests()).toBe(2);
  });

  it('keeps the names across a restart without asking again within the same sign-in', async () => {
    service.start();
    await untilPolls(1);
    await service.stop();
    service = makeService();
    service.start();
    // What the window shows before Schwab has answered anything in this process.
    const first = service.current()!;
    expect(first.source).toBe('cache');
    expect(first.accounts[0]!.nickname).toBe(sandbox.truth().accounts[0]!.nickName);
    await service.refreshNow();
    expect(preferenceRequests()).toBe(1);
    expect(service.current()!.accounts[0]!.nickname).toBe(sandbox.truth().accounts[0]!.nickName);
  });

  it('never fails a refresh: a broken userPreference answer leaves the numbers and is not retried every poll', async () => {
    sandbox.faults.malformNext(1, 'invalid-json', { pathPrefix: '/trader/v1/userPreference' });
    service.start();
    await untilPolls(1);
    const snap = service.current()!;
    expect(snap.freshness).toBe('fresh');
    expect(snap.accounts.length).toBe(sandbox.truth().accounts.length);
    expect(snap.accounts.every((a) => a.nickname === undefined)).toBe(true);
    await nextPoll();
    await nextPoll();
    expect(preferenceRequests()).toBe(1);
  });
});
