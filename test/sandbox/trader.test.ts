// Trader API and Market Data routes over real HTTP: shapes, hashes, the Bearer check and Schwab's errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountNumbersSchema,
  AccountSchema,
  AccountsSchema,
  MarketDataErrorSchema,
  QuotesResponseSchema,
  TraderErrorSchema,
  UserPreferenceSchema,
  quoteEntries,
} from '../../main/core/schwab/schemas';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login } from './schwabHttp';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  sb = await startSandbox({ clock: new FakeClock(), autoApprove: true, seed: 7 });
  token = (await login(sb)).access_token;
});
afterAll(async () => {
  await sb.close();
});

// null = send no Authorization header.
const get = (path: string, t: string | null = token) => getApi(sb, path, t ?? undefined);

describe('accounts', () => {
  it('accountNumbers maps 8-digit numbers to 64-char upper-case hex hashes', async () => {
    const res = await get('/trader/v1/accounts/accountNumbers');
    expect(res.status).toBe(200);
    expect(res.headers.get('schwab-client-correlid')).toMatch(/^[0-9a-f-]{36}$/);
    const rows = AccountNumbersSchema.parse(await res.json());
    expect(rows.length).toBe(3);
    for (const r of rows) {
      expect(r.accountNumber).toMatch(/^\d{8}$/);
      expect(r.hashValue).toMatch(/^[0-9A-F]{64}$/);
    }
    expect(new Set(rows.map((r) => r.hashValue)).size).toBe(3);
  });

  it('lists accounts without positions unless fields=positions', async () => {
    const plain = AccountsSchema.parse(await (await get('/trader/v1/accounts')).json());
    expect(plain.every((a) => a.securitiesAccount.positions === undefined)).toBe(true);
    const full = AccountsSchema.parse(await (await get('/trader/v1/accounts?fields=positions')).json());
    expect(full.every((a) => (a.securitiesAccount.positions?.length ?? 0) > 0)).toBe(true);
    expect(full.map((a) => a.securitiesAccount.type)).toEqual(['MARGIN', 'CASH', 'MARGIN']);
  });

  it('one account by hash, with and without positions', async () => {
    const [first] = AccountNumbersSchema.parse(await (await get('/trader/v1/accounts/accountNumbers')).json());
    const one = AccountSchema.parse(await (await get(`/trader/v1/accounts/${first!.hashValue}?fields=positions`)).json());
    expect(one.securitiesAccount.accountNumber).toBe(first!.accountNumber);
    expect(one.securitiesAccount.positions!.length).toBeGreaterThan(5);
    expect(one.aggregatedBalance?.liquidationValue).toBe(one.securitiesAccount.currentBalances.liquidationValue);
    const bare = AccountSchema.parse(await (await get(`/trader/v1/accounts/${first!.hashValue}`)).json());
    expect(bare.securitiesAccount.positions).toBeUndefined();
  });

  it('a plain account number (or an unknown hash) is 400 "Invalid account number"', async () => {
    const [first] = AccountNumbersSchema.parse(await (await get('/trader/v1/accounts/accountNumbers')).json());
    for (const id of [first!.accountNumber, 'F'.repeat(64)]) {
      const res = await get(`/trader/v1/accounts/${id}?fields=positions`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ message: 'Invalid account number' });
    }
  });

  it('CASH and MARGIN accounts carry their own balance field sets (as in real captures)', async () => {
    const accounts = AccountsSchema.parse(await (await get('/trader/v1/accounts?fields=positions')).json());
    const margin = accounts.find((a) => a.securitiesAccount.type === 'MARGIN')!.securitiesAccount;
    const cash = accounts.find((a) => a.securitiesAccount.type === 'CASH')!.securitiesAccount;
    expect(Object.keys(margin.initialBalances!)).toHaveLength(32);
    expect(Object.keys(margin.currentBalances)).toHaveLength(28);
    expect(Object.keys(margin.projectedBalances!)).toHaveLength(9);
    expect(Object.keys(cash.initialBalances!)).toHaveLength(18);
    expect(Object.keys(cash.currentBalances)).toHaveLength(20);
    expect(Object.keys(cash.projectedBalances!)).toHaveLength(2);
    expect(margin.currentBalances).toHaveProperty('buyingPower');
    expect(margin.currentBalances).not.toHaveProperty('cashAvailableForTrading');
    expect(cash.currentBalances).toHaveProperty('cashAvailableForTrading');
    expect(cash.currentBalances).not.toHaveProperty('buyingPower');
    expect(margin.projectedBalances!.isInCall).toBe(false);
  });

  it('userPreference is an object with the accounts and one streamerInfo pointing at loopback', async () => {
    const pref = UserPreferenceSchema.parse(await (await get('/trader/v1/userPreference')).json());
    expect(pref.accounts.map((a) => a.nickName)).toEqual(['Individual', 'Roth Contributory IRA', 'Joint Tenant']);
    expect(pref.accounts[0]!.primaryAccount).toBe(true);
    expect(pref.accounts[1]!.displayAcctId).toBe(`...${pref.accounts[1]!.accountNumber.slice(-3)}`);
    expect(pref.streamerInfo).toHaveLength(1);
    expect(pref.streamerInfo![0]!.streamerSocketUrl).toBe(`ws://127.0.0.1:${sb.port}/ws`);
    expect(pref.streamerInfo![0]!.schwabClientCustomerId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('bearer check', () => {
  it.each([
    ['no header', null],
    ['unknown token', 'I0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@'],
  ])('trader routes answer %s with 401 ServiceError', async (_n, t) => {
    for (const path of ['/trader/v1/accounts', '/trader/v1/accounts/accountNumbers', '/trader/v1/userPreference']) {
      const res = await get(path, t);
      expect(res.status).toBe(401);
      expect(TraderErrorSchema.parse(await res.json()).message).toBe('Unauthorized');
    }
  });

  it('a non-Bearer Authorization header is refused too', async () => {
    const res = await fetch(`${sb.baseUrl}/trader/v1/accounts`, { headers: { Authorization: `Basic ${token}` } });
    expect(res.status).toBe(401);
  });

  it('market data: missing header is 400 "Missing header", a bad token is 401', async () => {
    const missing = await get('/marketdata/v1/quotes?symbols=AAPL', null);
    expect(missing.status).toBe(400);
    const m = MarketDataErrorSchema.parse(await missing.json());
    expect(m.errors[0]).toMatchObject({ status: '400', title: 'Bad Request', detail: 'Missing header', source: { header: 'Authorization' } });
    const bad = await get('/marketdata/v1/quotes?symbols=AAPL', 'nope');
    expect(bad.status).toBe(401);
    expect(MarketDataErrorSchema.parse(await bad.json()).errors[0]!.title).toBe('Unauthorized');
  });
});

describe('quotes', () => {
  it('returns a map keyed by the requested symbols, unknown ones under errors.invalidSymbols', async () => {
    const held = sb.heldSymbols();
    const option = held.find((s) => s.length === 21)!;
    const symbols = ['AAPL', 'SPY', 'SWPPX', 'SWVXX', '$SPX', option, 'NOPE'];
    const res = await get(`/marketdata/v1/quotes?symbols=${encodeURIComponent(symbols.join(','))}`);
    expect(res.status).toBe(200);
    const body = QuotesResponseSchema.parse(await res.json());
    expect(body.errors).toEqual({ invalidSymbols: ['NOPE'] });
    const entries = Object.fromEntries(quoteEntries(body));
    expect(Object.keys(entries).sort()).toEqual(symbols.filter((s) => s !== 'NOPE').sort());
    expect(entries.AAPL).toMatchObject({ assetMainType: 'EQUITY', assetSubType: 'COE', symbol: 'AAPL' });
    expect(entries.SPY).toMatchObject({ assetMainType: 'EQUITY', assetSubType: 'ETF' });
    expect(entries.SWPPX!.assetMainType).toBe('MUTUAL_FUND');
    expect(entries.SWPPX!.quote!.lastPrice).toBeUndefined();
    expect(entries.SWVXX!.quote!.nAV).toBe(1);
    expect(entries.$SPX!.assetMainType).toBe('INDEX');
    expect(entries[option]!.assetMainType).toBe('OPTION');
    expect(entries[option]!.quote!.underlyingPrice).toBeGreaterThan(0);
    // Prices agree with the sandbox's truth.
    const truth = sb.truth().prices;
    expect(entries.AAPL!.quote!.lastPrice).toBe(truth.AAPL!.lastCents / 100);
    expect(entries.AAPL!.quote!.closePrice).toBe(truth.AAPL!.closeCents / 100);
    expect(entries.AAPL!.quote!.netChange).toBe((truth.AAPL!.lastCents - truth.AAPL!.closeCents) / 100);
  });

  it("agrees with the accounts payload's prices: last (or NAV) × quantity × multiplier is each position's value", async () => {
    sb.tick();
    sb.tick();
    const accounts = AccountsSchema.parse(await (await get('/trader/v1/accounts?fields=positions')).json());
    const positions = accounts.flatMap((a) => a.securitiesAccount.positions ?? []);
    const symbols = [...new Set(positions.map((p) => p.instrument.symbol))];
    const res = await get(`/marketdata/v1/quotes?symbols=${encodeURIComponent(symbols.join(','))}&fields=quote`);
    const quotes = QuotesResponseSchema.parse(await res.json());
    expect(quotes.errors).toBeUndefined();
    let options = 0;
    for (const p of positions) {
      const q = quotes[p.instrument.symbol]!.quote!;
      const price = q.lastPrice ?? q.nAV!;
      const multiplier = p.instrument.assetType === 'OPTION' ? 100 : 1;
      if (multiplier === 100) options++;
      const quantity = p.longQuantity - p.shortQuantity;
      expect(Math.round(price * quantity * multiplier * 100), p.instrument.symbol).toBe(Math.round(p.marketValue * 100));
      expect(Math.round(q.netChange! * quantity * multiplier * 100), p.instrument.symbol).toBe(Math.round(p.currentDayProfitLoss! * 100));
    }
    expect(options).toBeGreaterThan(1);
  });

  it('fields trims the entry to the requested roots, and rejects unknown roots', async () => {
    const q = QuotesResponseSchema.parse(await (await get('/marketdata/v1/quotes?symbols=MSFT&fields=quote')).json());
    const msft = q.MSFT!;
    expect(msft.quote).toBeDefined();
    expect(msft.reference).toBeUndefined();
    expect(msft.fundamental).toBeUndefined();
    const r = QuotesResponseSchema.parse(await (await get('/marketdata/v1/quotes?symbols=MSFT&fields=reference')).json());
    expect(r.MSFT!.quote).toBeUndefined();
    expect(r.MSFT!.reference!.cusip).toBe('594918104');
    const bad = await get('/marketdata/v1/quotes?symbols=MSFT&fields=greeks');
    expect(bad.status).toBe(400);
    expect(MarketDataErrorSchema.parse(await bad.json()).errors[0]!.source).toEqual({ parameter: 'fields' });
  });

  it('no symbols is 400 "Search combination should have min of 1."', async () => {
    const res = await get('/marketdata/v1/quotes');
    expect(res.status).toBe(400);
    expect(MarketDataErrorSchema.parse(await res.json()).errors[0]!.detail).toBe('Search combination should have min of 1.');
  });

  it('single-symbol form /marketdata/v1/{symbol}/quotes', async () => {
    const ok = QuotesResponseSchema.parse(await (await get('/marketdata/v1/NVDA/quotes')).json());
    expect(ok.NVDA!.symbol).toBe('NVDA');
    const missing = await get('/marketdata/v1/NOPE/quotes');
    expect(missing.status).toBe(404);
    MarketDataErrorSchema.parse(await missing.json());
  });
});

describe('everything else', () => {
  it.each([
    ['GET', '/trader/v1/accounts/ABC/orders/1002400000001', 'trader'],
    ['POST', '/trader/v1/accounts/ABC/orders', 'trader'],
    ['GET', '/trader/v1/accounts/ABC/transactions/95500000001', 'trader'],
    ['GET', '/marketdata/v1/chains?symbol=AAPL', 'marketdata'],
    ['GET', '/', 'trader'],
    ['DELETE', '/trader/v1/accounts', 'trader'],
  ])('%s %s → 404 in the %s error shape', async (method, path, family) => {
    const res = await fetch(`${sb.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    const body = await res.json();
    if (family === 'trader') expect(TraderErrorSchema.parse(body).message).toBe('Not Found');
    else expect(MarketDataErrorSchema.parse(body).errors[0]!.status).toBe(404);
  });
});
