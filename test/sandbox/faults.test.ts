// Fault injection over real HTTP: each kind of failure a Schwab connection produces, the --faults text
// that configures them, and the per-endpoint request counters.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountNumbersSchema,
  AccountsSchema,
  MarketDataErrorSchema,
  OAuthErrorSchema,
  QuotesResponseSchema,
  TokenResponseSchema,
  TraderErrorSchema,
  UserPreferenceSchema,
  parseNestedOAuthError,
} from '../../main/core/schwab/schemas';
import { parseFaultSpec, startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login, postToken } from './schwabHttp';

let sb: Sandbox;
let token: string;
let refresh: string;

async function start(opts: SandboxOptions = {}): Promise<void> {
  sb = await startSandbox({ clock: new FakeClock(), autoApprove: true, ...opts });
  const t = await login(sb);
  token = t.access_token;
  refresh = t.refresh_token;
}
afterEach(async () => {
  await sb?.close();
});

const accounts = () => getApi(sb, '/trader/v1/accounts', token);
const quotes = () => getApi(sb, '/marketdata/v1/quotes?symbols=AAPL', token);

describe('failures with a status', () => {
  it('fails the next N requests, then recovers', async () => {
    await start();
    sb.faults.failNext(2, 503);
    const a = await accounts();
    expect(a.status).toBe(503);
    expect(TraderErrorSchema.parse(await a.json()).message).toBe('Service Unavailable');
    const b = await quotes();
    expect(b.status).toBe(503);
    expect(MarketDataErrorSchema.parse(await b.json()).errors[0]).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect((await accounts()).status).toBe(200);
    expect(sb.faults.pending()).toEqual([]);
  });

  it('429 with and without Retry-After', async () => {
    await start();
    sb.faults.failNext(1, 429, { retryAfterSec: 7 });
    sb.faults.failNext(1, 429);
    const first = await accounts();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(TraderErrorSchema.parse(await first.json()).message).toBe('Too Many Requests');
    const second = await accounts();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect((await accounts()).status).toBe(200);
  });

  it('500 in the trader shape, 502 as the edge HTML page, 503 on the token endpoint in the OAuth shape', async () => {
    await start();
    sb.faults.failNext(1, 500);
    const e500 = await accounts();
    expect(e500.status).toBe(500);
    expect(TraderErrorSchema.parse(await e500.json()).message).toBe('Internal Server Error');

    sb.faults.failNext(1, 502);
    const e502 = await accounts();
    expect(e502.status).toBe(502);
    expect(e502.headers.get('content-type')).toMatch(/text\/html/);
    expect(await e502.text()).toContain('<TITLE>Bad Gateway</TITLE>');

    sb.faults.failNext(1, 503, { pathPrefix: '/v1/oauth/token' });
    const tok = await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(tok.status).toBe(503);
    expect(OAuthErrorSchema.parse(await tok.json()).error).toBe('temporarily_unavailable');
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200);
  });

  it('a path prefix limits a rule; other requests pass and do not use it up', async () => {
    await start();
    sb.faults.failNext(1, 500, { pathPrefix: '/marketdata' });
    expect((await accounts()).status).toBe(200);
    expect((await accounts()).status).toBe(200);
    expect((await quotes()).status).toBe(500);
    expect((await quotes()).status).toBe(200);
  });
});

describe('latency, malformed bodies, dropped connections', () => {
  it('adds latency to the next N matching requests', async () => {
    await start();
    sb.faults.addLatency(250, { count: 1, pathPrefix: '/trader' });
    const t0 = performance.now();
    expect((await accounts()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    expect(sb.faults.pending()).toEqual([]);
  });

  it('latency without a count stays until cleared', async () => {
    await start();
    sb.faults.addLatency(100);
    expect(sb.faults.pending()).toEqual([{ kind: 'latency', ms: 100 }]);
    await accounts();
    await accounts();
    expect(sb.faults.pending()).toHaveLength(1);
    sb.faults.clear();
    expect(sb.faults.pending()).toEqual([]);
  });

  it('invalid JSON: a 200 whose body does not parse', async () => {
    await start();
    sb.faults.malformNext(1, 'invalid-json');
    const res = await accounts();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    AccountsSchema.parse(await (await accounts()).json());
  });

  it.each([
    ['/trader/v1/accounts?fields=positions', AccountsSchema, '0.securitiesAccount.currentBalances.liquidationValue'],
    ['/trader/v1/accounts/accountNumbers', AccountNumbersSchema, '0.hashValue'],
    ['/trader/v1/userPreference', UserPreferenceSchema, 'accounts'],
    ['/marketdata/v1/quotes?symbols=AAPL', QuotesResponseSchema, 'AAPL.symbol'],
  ] as const)('missing field on %s fails the shared schema at %s', async (path, schema, issuePath) => {
    await start();
    sb.faults.malformNext(1, 'missing-field');
    const res = await getApi(sb, path, token);
    expect(res.status).toBe(200);
    const r = schema.safeParse(await res.json());
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual([issuePath]);
    expect(schema.safeParse(await (await getApi(sb, path, token)).json()).success).toBe(true);
  });

  it('missing field on the one-account route and on the token endpoint', async () => {
    await start();
    const [first] = AccountNumbersSchema.parse(await (await getApi(sb, '/trader/v1/accounts/accountNumbers', token)).json());
    sb.faults.malformNext(1, 'missing-field', { pathPrefix: '/trader/v1/accounts/' });
    const one = await (await getApi(sb, `/trader/v1/accounts/${first!.hashValue}`, token)).json();
    expect(one).toHaveProperty('securitiesAccount.currentBalances');
    expect(one).not.toHaveProperty('securitiesAccount.currentBalances.liquidationValue');

    sb.faults.malformNext(1, 'missing-field', { pathPrefix: '/v1/oauth/token' });
    const tok = await (await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh })).json();
    const r = TokenResponseSchema.safeParse(tok);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['access_token']);
  });

  it('malformed rules apply to successful JSON only, and wait for one', async () => {
    await start();
    sb.faults.malformNext(1, 'invalid-json');
    const err = await getApi(sb, '/trader/v1/accounts', 'bad-token');
    expect(err.status).toBe(401);
    await err.json();
    expect(sb.faults.pending()).toHaveLength(1);
  });

  it('drops the connection without a response', async () => {
    await start();
    sb.faults.dropNext(1, { pathPrefix: '/trader' });
    await expect(accounts()).rejects.toThrow(TypeError);
    expect((await accounts()).status).toBe(200);
  });
});

describe('token faults', () => {
  it('expireAccessTokens: 401 at once; the refresh token still works', async () => {
    await start();
    sb.faults.expireAccessTokens();
    expect((await accounts()).status).toBe(401);
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(res.status).toBe(200);
    const fresh = TokenResponseSchema.parse(await res.json()).access_token;
    expect((await getApi(sb, '/trader/v1/accounts', fresh)).status).toBe(200);
  });

  it.each(['expireRefreshTokens', 'revokeRefreshTokens'] as const)(
    '%s: refresh gets the nested 400, the access token lives on',
    async (method) => {
      await start();
      sb.faults[method]();
      const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: refresh });
      expect(res.status).toBe(400);
      expect(parseNestedOAuthError(OAuthErrorSchema.parse(await res.json()))?.error).toBe('refresh_token_authentication_error');
      expect((await accounts()).status).toBe(200);
      // A new login brings everything back.
      const again = await login(sb);
      expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: again.refresh_token })).status).toBe(200);
    },
  );
});

describe('counters', () => {
  it('counts requests per endpoint pattern, including failed and unmatched ones', async () => {
    await start();
    sb.resetCounters();
    const [first] = AccountNumbersSchema.parse(await (await getApi(sb, '/trader/v1/accounts/accountNumbers', token)).json());
    await getApi(sb, `/trader/v1/accounts/${first!.hashValue}?fields=positions`, token);
    await getApi(sb, '/trader/v1/accounts/12345678', token);
    sb.faults.failNext(1, 503);
    await accounts();
    await accounts();
    await quotes();
    await getApi(sb, '/nowhere', token);
    expect(sb.counters()).toEqual({
      'GET (unmatched)': 1,
      'GET /marketdata/v1/quotes': 1,
      'GET /trader/v1/accounts': 2,
      'GET /trader/v1/accounts/accountNumbers': 1,
      'GET /trader/v1/accounts/{accountHash}': 2,
    });
    sb.resetCounters();
    expect(sb.counters()).toEqual({});
  });
});

describe('--faults text', () => {
  it('parses every kind', () => {
    expect(
      parseFaultSpec('fail:3:503, fail:2:429:5@/trader,latency:800,latency:3000:1@/marketdata,malformed:1:json,malformed:2:field@/trader/v1/accounts,drop:1,expire-access,expire-refresh,revoke-refresh'),
    ).toEqual([
      { kind: 'fail', count: 3, status: 503 },
      { kind: 'fail', count: 2, status: 429, retryAfterSec: 5, pathPrefix: '/trader' },
      { kind: 'latency', ms: 800 },
      { kind: 'latency', ms: 3000, count: 1, pathPrefix: '/marketdata' },
      { kind: 'malformed', count: 1, mode: 'invalid-json' },
      { kind: 'malformed', count: 2, mode: 'missing-field', pathPrefix: '/trader/v1/accounts' },
      { kind: 'drop', count: 1 },
      { kind: 'expire-access' },
      { kind: 'expire-refresh' },
      { kind: 'revoke-refresh' },
    ]);
    expect(parseFaultSpec('')).toEqual([]);
  });

  it.each([
    ['fail:3:404', /status must be one of/],
    ['fail:0:503', /count must be an integer/],
    ['fail:3', /expected 2–3 arguments/],
    ['latency:-5', /latency must be an integer/],
    ['malformed:1:xml', /mode must be json or field/],
    ['drop:1@trader', /path prefix must start with/],
    ['expire-access@/trader', /token faults take no path prefix/],
    ['explode:1', /unknown fault "explode"/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });

  it('startSandbox applies a spec from the start', async () => {
    await start({ faults: 'fail:1:502@/trader,latency:50:1@/marketdata' });
    expect((await accounts()).status).toBe(502);
    expect((await accounts()).status).toBe(200);
    expect(sb.faults.pending()).toEqual([{ kind: 'latency', ms: 50, count: 1, pathPrefix: '/marketdata' }]);
  });

  it('typed API rejects non-positive counts', async () => {
    await start();
    expect(() => sb.faults.failNext(0, 500)).toThrow(RangeError);
    expect(() => sb.faults.dropNext(1.5)).toThrow(RangeError);
  });
});
