// Contract: every sandbox response parses with the schemas the client uses, and its field sets match the
// real Schwab captures in test/fixtures/schwab — so the sandbox and reality are held to one definition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountNumbersSchema,
  AccountSchema,
  AccountsSchema,
  MarketDataErrorSchema,
  OAuthErrorSchema,
  QuotesResponseSchema,
  TokenResponseSchema,
  TraderErrorSchema,
  UserPreferenceSchema,
  type Account,
  type Position,
} from '../../main/core/schwab/schemas';
import { ACCOUNTS_PAYLOAD, QUOTES_PAYLOAD } from '../../main/core/schwab/accountsClient';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login, postToken } from './schwabHttp';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'schwab', name), 'utf8'));

const realMargin = (fixture('account-margin-with-option-positions.json') as Account).securitiesAccount;
const realCash = (fixture('account-cash-covered-call-short-option.json') as Account).securitiesAccount;
const realMixed = fixture('positions-margin-mixed-equity-etf-option.json') as Position[];
const realPref = fixture('user-preference.json') as Record<string, unknown>;

const keys = (o: unknown): string[] => Object.keys(o as object);
const sorted = (o: unknown): string[] => keys(o).sort();

let sb: Sandbox;
let token: string;
let accounts: Account[];

beforeAll(async () => {
  sb = await startSandbox({ clock: new FakeClock(), autoApprove: true, seed: 2024, accounts: 5 });
  token = (await login(sb)).access_token;
  sb.tick(10);
  // Keep the raw JSON: parsing reorders keys into schema order, and key order is part of what we compare.
  const raw: unknown = await (await getApi(sb, '/trader/v1/accounts?fields=positions', token)).json();
  AccountsSchema.parse(raw);
  expect(ACCOUNTS_PAYLOAD.matches(raw)).toBe(true); // the hot path's compiled form of the same schema
  accounts = raw as Account[];
});
afterAll(async () => {
  await sb.close();
});

describe('every response parses with the shared schemas', () => {
  it('OAuth: token responses and error bodies', async () => {
    const t = await login(sb);
    TokenResponseSchema.parse(t);
    const refreshed = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    TokenResponseSchema.parse(await refreshed.json());
    token = t.access_token;
    for (const res of [
      await postToken(sb, { grant_type: 'refresh_token', refresh_token: 'nope' }),
      await postToken(sb, { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'x' }),
      await postToken(sb, { grant_type: 'refresh_token' }, null),
      await postToken(sb, { grant_type: 'password' }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      OAuthErrorSchema.parse(await res.json());
    }
  });

  it('Trader API: every route, success and error', async () => {
    const numbers = AccountNumbersSchema.parse(await (await getApi(sb, '/trader/v1/accounts/accountNumbers', token)).json());
    AccountsSchema.parse(await (await getApi(sb, '/trader/v1/accounts', token)).json());
    for (const n of numbers) {
      AccountSchema.parse(await (await getApi(sb, `/trader/v1/accounts/${n.hashValue}?fields=positions`, token)).json());
      AccountSchema.parse(await (await getApi(sb, `/trader/v1/accounts/${n.hashValue}`, token)).json());
      TraderErrorSchema.parse(await (await getApi(sb, `/trader/v1/accounts/${n.accountNumber}`, token)).json());
    }
    UserPreferenceSchema.parse(await (await getApi(sb, '/trader/v1/userPreference', token)).json());
    TraderErrorSchema.parse(await (await getApi(sb, '/trader/v1/accounts', 'expired')).json());
    TraderErrorSchema.parse(await (await getApi(sb, '/trader/v1/orders', token)).json());
  });

  it('Market Data: quotes for every held symbol and index, and the error bodies', async () => {
    const symbols = [...sb.heldSymbols(), '$SPX', '$DJI', '$COMPX'];
    for (let i = 0; i < symbols.length; i += 100) {
      const batch = symbols.slice(i, i + 100);
      const res = await getApi(sb, `/marketdata/v1/quotes?symbols=${encodeURIComponent(batch.join(','))}`, token);
      const raw: unknown = await res.json();
      expect(QUOTES_PAYLOAD.matches(raw)).toBe(true);
      const body = QuotesResponseSchema.parse(raw);
      expect(body.errors).toBeUndefined();
      expect(Object.keys(body).sort()).toEqual([...batch].sort());
    }
    for (const path of ['/marketdata/v1/quotes', '/marketdata/v1/quotes?symbols=A&fields=x', '/marketdata/v1/ZZZZ/quotes', '/marketdata/v1/chains']) {
      MarketDataErrorSchema.parse(await (await getApi(sb, path, token)).json());
    }
    MarketDataErrorSchema.parse(await (await getApi(sb, '/marketdata/v1/quotes?symbols=A')).json());
  });
});

describe('field sets match the real captures', () => {
  it('account-level keys and order', () => {
    const a = accounts[0]!.securitiesAccount;
    expect(keys(a)).toEqual(keys(realMargin));
    expect(keys(accounts[0])).toEqual(['securitiesAccount', 'aggregatedBalance']);
  });

  it('MARGIN and CASH balance blocks have exactly the real field sets', () => {
    const margin = accounts.find((a) => a.securitiesAccount.type === 'MARGIN')!.securitiesAccount;
    const cash = accounts.find((a) => a.securitiesAccount.type === 'CASH')!.securitiesAccount;
    for (const block of ['initialBalances', 'currentBalances', 'projectedBalances'] as const) {
      expect(sorted(margin[block]), `MARGIN ${block}`).toEqual(sorted(realMargin[block]));
      expect(sorted(cash[block]), `CASH ${block}`).toEqual(sorted(realCash[block]));
    }
  });

  it('long and short positions have the real key sequences', () => {
    const all = accounts.flatMap((a) => a.securitiesAccount.positions!);
    const realLong = realMixed[0]!;
    const realShort = realMargin.positions!.find((p) => p.shortQuantity > 0)!;
    for (const p of all) expect(keys(p)).toEqual(keys(p.shortQuantity > 0 ? realShort : realLong));
  });

  it('instrument shapes per asset type match the real ones', () => {
    const all = accounts.flatMap((a) => a.securitiesAccount.positions!);
    const realByType = new Map(
      [...realMixed, ...realMargin.positions!].map((p) => [p.instrument.assetType, keys(p.instrument)] as const),
    );
    for (const type of ['EQUITY', 'OPTION', 'COLLECTIVE_INVESTMENT']) {
      const ours = all.filter((p) => p.instrument.assetType === type);
      expect(ours.length, type).toBeGreaterThan(0);
      for (const p of ours) expect(keys(p.instrument), type).toEqual(realByType.get(type));
    }
    // No real capture of these two in positions; the spec's base fields plus the documented `type`.
    for (const p of all.filter((x) => x.instrument.assetType === 'MUTUAL_FUND')) {
      expect(keys(p.instrument)).toEqual(['assetType', 'cusip', 'symbol', 'description']);
    }
    for (const p of all.filter((x) => x.instrument.assetType === 'CASH_EQUIVALENT')) {
      expect(p.instrument.type).toBe('MONEY_MARKET_FUND');
    }
  });

  it('userPreference has the real shape', async () => {
    const pref = (await (await getApi(sb, '/trader/v1/userPreference', token)).json()) as Record<string, unknown[]>;
    expect(keys(pref)).toEqual(keys(realPref));
    expect(keys(pref.accounts![0])).toEqual(keys((realPref.accounts as unknown[])[0]));
    expect(keys(pref.streamerInfo![0])).toEqual(keys((realPref.streamerInfo as unknown[])[0]));
  });
});
