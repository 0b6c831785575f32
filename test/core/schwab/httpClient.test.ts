// The Schwab client against the sandbox over real HTTP on 127.0.0.1. Only the clock is fake: the limiter,
// backoff sleeps and per-request timeouts run on it, so every wait is asserted exactly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { createSchwabHttpClient, type SchwabHttpOptions } from '../../../main/core/schwab/httpClient';
import { createAccountsClient, type AccountsClient } from '../../../main/core/schwab/accountsClient';
import { createRateLimiter } from '../../../main/core/schwab/rateLimiter';
import type { AccessTokenSource } from '../../../main/core/ports';
import { ArbionError } from '../../../main/core/errors';
import { FakeClock } from '../../support/fakeClock';
import { sandboxTokenSource, type TestTokenSource } from './sandboxTokens';

let sandbox: Sandbox;
let tokens: TestTokenSource;
let clock: FakeClock;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 7, autoApprove: true });
  tokens = await sandboxTokenSource(sandbox);
  sandbox.resetCounters();
  clock = new FakeClock();
});
afterEach(async () => {
  await sandbox.close();
});

function accounts(extra: Partial<SchwabHttpOptions> = {}): { client: AccountsClient; fetches: string[] } {
  const fetches: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    fetches.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  };
  const http = createSchwabHttpClient({
    baseUrl: sandbox.baseUrl,
    tokens,
    clock,
    fetch: countingFetch,
    random: () => 0.5,
    ...extra,
  });
  return { client: createAccountsClient(http), fetches };
}

const accountRequests = (): number => sandbox.counters()['GET /trader/v1/accounts'] ?? 0;
const totalRequests = (): number => Object.values(sandbox.counters()).reduce((s, n) => s + n, 0);

const ACCOUNTS_ROUTE = 'GET /trader/v1/accounts';

/** Resolves when the sandbox has received the `n`th accounts request. */
async function untilAccountRequests(n: number): Promise<void> {
  await sandbox.requestsReached(ACCOUNTS_ROUTE, n);
  expect(accountRequests()).toBe(n);
}

/**
 * The delay of the wait the client schedules after its `n`th accounts request is answered (its backoff).
 * The request's own timeout timer was set before the request reached the sandbox, so the next timer
 * scheduled from here on is the one that follows the answer.
 */
async function waitAfterRequest(n: number): Promise<number> {
  await untilAccountRequests(n);
  return clock.nextScheduled();
}

/** Resolves the promise's outcome without throwing, for assertions on errors. */
async function outcome<T>(p: Promise<T>): Promise<T | ArbionError> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ArbionError) return e;
    throw e;
  }
}

describe('Schwab client against the sandbox', () => {
  it('one request returns every account with balances and positions', async () => {
    const { client } = accounts();
    const res = await client.getAccountsWithPositions();
    expect(sandbox.counters()).toEqual({ 'GET /trader/v1/accounts': 1 });
    expect(res.attempts).toBe(1);
    expect(res.data).toHaveLength(3);
    const truth = sandbox.truth();
    res.data.forEach((a, i) => {
      expect(a.securitiesAccount.accountNumber).toBe(truth.accounts[i]!.accountNumber);
      expect(a.securitiesAccount.positions?.length).toBe(truth.accounts[i]!.positions.length);
    });
    expect(res.serverDate).toMatch(/GMT$/);
  });

  it('accountNumbers, userPreference and quotes parse', async () => {
    const { client } = accounts();
    const numbers = (await client.getAccountNumbers()).data;
    expect(numbers.map((n) => n.hashValue)).toEqual(sandbox.truth().accounts.map((a) => a.hashValue));
    const prefs = (await client.getUserPreference()).data;
    expect(prefs.accounts.length).toBe(3);
    const held = sandbox.heldSymbols().slice(0, 5);
    const quotes = (await client.getQuotes([...held, 'NOSUCHSYMBOL'])).data;
    for (const s of held) expect(quotes[s]).toBeDefined();
    expect(quotes.errors?.invalidSymbols).toContain('NOSUCHSYMBOL');
    await expect(client.getQuotes([' '])).rejects.toMatchObject({ code: 'BadRequest' });
  });

  it('429 with Retry-After: waits exactly that long, then succeeds', async () => {
    sandbox.faults.failNext(1, 429, { retryAfterSec: 7, pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts();
    const p = client.getAccountsWithPositions();
    expect(await waitAfterRequest(1)).toBe(7000);
    clock.advance(6999);
    // One millisecond of the wait is left, so the retry has not been sent.
    expect(clock.nextAt()! - clock.now()).toBe(1);
    expect(accountRequests()).toBe(1);
    clock.advance(1);
    const res = await p;
    expect(res.attempts).toBe(2);
    expect(accountRequests()).toBe(2);
  });

  it('429 without Retry-After: exponential backoff with full jitter (random pinned at 0.5)', async () => {
    sandbox.faults.failNext(2, 429, { pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts();
    const p = client.getAccountsWithPositions();
    expect(await waitAfterRequest(1)).toBe(250); // 0.5 × 500 ms
    clock.advance(250);
    expect(await waitAfterRequest(2)).toBe(500); // 0.5 × 1000 ms
    clock.advance(500);
    expect((await p).attempts).toBe(3);
  });

  it('a Retry-After longer than the cap goes to the caller instead of blocking the call', async () => {
    sandbox.faults.failNext(1, 429, { retryAfterSec: 600 });
    const { client } = accounts({ maxRetryAfterSec: 60 });
    const e = await outcome(client.getAccountsWithPositions());
    expect(e).toBeInstanceOf(ArbionError);
    expect(e).toMatchObject({ code: 'RateLimited', status: 429, retryAfterSec: 600 });
    expect(accountRequests()).toBe(1);
  });

  it('5xx storm then recovery within the attempt budget; a longer storm fails with a readable error', async () => {
    sandbox.faults.failNext(3, 503, { pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts({ maxAttempts: 4 });
    const p = client.getAccountsWithPositions();
    for (const [n, wait] of [[1, 250], [2, 500], [3, 1000]] as const) {
      expect(await waitAfterRequest(n)).toBe(wait);
      clock.advance(wait);
    }
    expect((await p).attempts).toBe(4);

    sandbox.resetCounters();
    sandbox.faults.failNext(10, 500, { pathPrefix: '/trader/v1/accounts' });
    const q = outcome(client.getAccountsWithPositions());
    for (let i = 0; i < 3; i++) {
      await waitAfterRequest(i + 1);
      clock.runNext();
    }
    const e = await q;
    expect(e).toMatchObject({ code: 'ServerError', status: 500 });
    expect((e as ArbionError).message).toMatch(/^Schwab's servers had a problem \(HTTP 500\)/);
    expect(accountRequests()).toBe(4);
    sandbox.faults.clear();
  });

  it('a 4xx other than 401/429 is not retried', async () => {
    const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock });
    // A plain account number where Schwab wants the hash: 400 {"message":"Invalid account number"}.
    const e = await outcome(http.get('/trader/v1/accounts/12345678', z.unknown(), 'account'));
    expect(e).toMatchObject({ code: 'BadRequest', status: 400 });
    expect((e as ArbionError).message).toContain('Invalid account number');
    expect(totalRequests()).toBe(1);
  });

  it('a per-request timeout (on the injected clock) aborts a stalled request and retries', async () => {
    sandbox.faults.addLatency(1500, { count: 1, pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts({ timeoutMs: 2000 });
    const p = client.getAccountsWithPositions();
    await untilAccountRequests(1);
    expect(clock.nextAt()! - clock.now()).toBe(2000);
    const backoff = clock.nextScheduled();
    clock.advance(2000); // the deadline passes while the sandbox still sits on the request
    expect(await backoff).toBe(250); // backoff before attempt 2
    clock.advance(250);
    const res = await p;
    expect(res.attempts).toBe(2);
  });

  it('times out with a readable error when every attempt stalls', async () => {
    sandbox.faults.addLatency(800, { pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts({ timeoutMs: 500, maxAttempts: 2 });
    const p = outcome(client.getAccountsWithPositions());
    await untilAccountRequests(1);
    const backoff = clock.nextScheduled();
    clock.advance(500);
    await backoff;
    clock.runNext(); // the backoff
    await untilAccountRequests(2);
    clock.advance(500);
    const e = await p;
    expect(e).toMatchObject({ code: 'Timeout' });
    expect((e as ArbionError).message).toBe('Schwab did not answer within 1 s.');
    sandbox.faults.clear();
  });

  it('a dropped connection is retried; offline (server gone) is a Network error', async () => {
    sandbox.faults.dropNext(1, { pathPrefix: '/trader/v1/accounts' });
    const { client } = accounts({ maxAttempts: 2 });
    const p = client.getAccountsWithPositions();
    await waitAfterRequest(1);
    clock.runNext();
    expect((await p).attempts).toBe(2);

    await sandbox.close();
    // Nothing reaches a closed sandbox; the backoff (under a second) follows the refused connection, after
    // the request's own 20 s timeout timer.
    const backoff = clock.nextScheduled((ms) => ms < 1000);
    const q = outcome(client.getAccountsWithPositions());
    await backoff;
    clock.runNext();
    const e = await q;
    expect(e).toMatchObject({ code: 'Network' });
    // The sandbox is on loopback: the internet is not the cause, the address that stopped answering is.
    expect((e as ArbionError).message).toBe(`The sandbox at ${new URL(sandbox.baseUrl).host} is not answering (connection refused).`);
  });

  it('malformed JSON and a missing required field are PayloadInvalid (naming the path), not retried', async () => {
    const { client } = accounts();
    sandbox.faults.malformNext(1, 'invalid-json', { pathPrefix: '/trader/v1/accounts' });
    const bad = await outcome(client.getAccountsWithPositions());
    expect(bad).toMatchObject({ code: 'PayloadInvalid' });
    expect((bad as ArbionError).message).toMatch(/accounts response is not valid JSON/);

    sandbox.faults.malformNext(1, 'missing-field', { pathPrefix: '/trader/v1/accounts' });
    const missing = await outcome(client.getAccountsWithPositions());
    expect(missing).toMatchObject({ code: 'PayloadInvalid' });
    expect((missing as ArbionError).message).toMatch(/unexpected shape at \[0\]\.securitiesAccount\./);
    expect(accountRequests()).toBe(2);
  });

  it('401 mid-session: one single-flight refresh, then the request is retried once', async () => {
    const { client } = accounts();
    await client.getAccountsWithPositions();
    sandbox.faults.expireAccessTokens();
    const [a, b] = await Promise.all([client.getAccountsWithPositions(), client.getAccountsWithPositions()]);
    expect(a.data).toHaveLength(3);
    expect(b.data).toHaveLength(3);
    expect(tokens.refreshes).toBe(1);
    expect(sandbox.counters()['POST /v1/oauth/token']).toBe(1);
    expect(accountRequests()).toBe(5); // 1 + 2 rejected + 2 retried
  });

  it('a second 401 after the refresh is Unauthorized (no loop)', async () => {
    let refreshes = 0;
    const bogus: AccessTokenSource = {
      getAccessToken: async () => 'I0.not-a-real-token@',
      refreshAfterUnauthorized: async () => {
        refreshes++;
        return 'I0.still-not-a-real-token@';
      },
    };
    const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens: bogus, clock });
    const e = await outcome(createAccountsClient(http).getAccountsWithPositions());
    expect(e).toMatchObject({ code: 'Unauthorized', status: 401 });
    expect(refreshes).toBe(1);
    expect(accountRequests()).toBe(2);
  });

  it('the shared limiter holds the 121st request of a minute until the window moves', async () => {
    const limiter = createRateLimiter({ clock });
    const a = accounts({ limiter }).client;
    const b = accounts({ limiter }).client;
    const calls = Array.from({ length: 121 }, (_, i) => (i % 2 === 0 ? a : b).getAccountNumbers());
    // The first 120 are answered while the last one waits for the window to move.
    await Promise.all(calls.slice(0, 120));
    expect(sandbox.counters()['GET /trader/v1/accounts/accountNumbers']).toBe(120);
    expect(limiter.waiting()).toBe(1);
    clock.advance(60_000);
    await Promise.all(calls);
    expect(sandbox.counters()['GET /trader/v1/accounts/accountNumbers']).toBe(121);
  });
});

describe('read-only by construction', () => {
  it('non-GET methods and non-API paths never reach the network (nor the token source)', async () => {
    let tokenAsked = 0;
    const fetches: string[] = [];
    const http = createSchwabHttpClient({
      baseUrl: sandbox.baseUrl,
      tokens: {
        getAccessToken: async () => {
          tokenAsked++;
          return tokens.current();
        },
        refreshAfterUnauthorized: async () => tokens.current(),
      },
      clock,
      fetch: (input, init) => {
        fetches.push(String(input));
        return fetch(input, init);
      },
    });
    const hash = sandbox.truth().accounts[0]!.hashValue;
    const attempts: Array<[string, string]> = [
      ['POST', `/trader/v1/accounts/${hash}/orders`],
      ['PUT', `/trader/v1/accounts/${hash}/orders/1`],
      ['DELETE', `/trader/v1/accounts/${hash}/orders/1`],
      ['POST', `/trader/v1/accounts/${hash}/previewOrder`],
      ['POST', '/trader/v1/orders'],
      ['PUT', '/trader/v1/orders'],
      ['DELETE', `/trader/v1/accounts/${hash}/transactions`],
      ['POST', '/v1/oauth/token'],
      ['GET', '/v1/oauth/token'],
      ['GET', '/v1/oauth/authorize'],
      ['GET', '/trader/v1/../v1/oauth/token'],
      ['GET', '/trader/v1/%2e%2e/v1/oauth/token'],
      ['GET', 'http://127.0.0.1:9/trader/v1/accounts'],
      ['GET', '//example.com/trader/v1/accounts'],
    ];
    for (const [method, path] of attempts) {
      await expect(http.request(method, path, z.unknown(), 'x')).rejects.toMatchObject({ code: 'ReadOnlyViolation' });
    }
    expect(fetches).toEqual([]);
    expect(tokenAsked).toBe(0);
    expect(sandbox.counters()).toEqual({});
    expect(http.requestCount()).toBe(0);
    // The same client still reads.
    await http.get('/trader/v1/accounts/accountNumbers', z.array(z.unknown()), 'account numbers');
    expect(fetches).toHaveLength(1);
  });

  it('the orders and transactions reads are GETs to their three read routes only', async () => {
    const methods: string[] = [];
    const { client } = accounts({
      fetch: (input, init) => {
        methods.push(`${init?.method ?? '?'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      },
    });
    const hash = sandbox.truth().accounts[0]!.hashValue;
    // This sandbox runs on real time (the fake clock only paces the client), so its "today" is now.
    const now = Date.now();
    const range = { fromMs: now - 90 * 86_400_000, toMs: now };
    await client.getOrders(hash, range);
    await client.getOrders(undefined, { fromMs: now - 10 * 86_400_000, toMs: now });
    await client.getTransactions(hash, range, { types: ['TRADE'] });
    expect([...new Set(methods)].sort()).toEqual([
      'GET /trader/v1/accounts/' + hash + '/orders',
      'GET /trader/v1/accounts/' + hash + '/transactions',
      'GET /trader/v1/orders',
    ]);
    expect(methods).toHaveLength(4); // 90 days of orders = two calls
  });
});
