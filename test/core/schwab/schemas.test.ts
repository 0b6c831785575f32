// The shared Schwab schemas accept every real sample we hold, and reject payloads missing what the
// portfolio math needs — with an error that names the path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AccountNumbersSchema,
  AccountSchema,
  AccountsSchema,
  MarketDataErrorSchema,
  OAuthErrorSchema,
  PositionSchema,
  QuotesResponseSchema,
  RefreshTokenResponseSchema,
  TokenResponseSchema,
  TraderErrorSchema,
  UserPreferenceSchema,
  parseNestedOAuthError,
  quoteEntries,
  schwabErrorMessage,
} from '../../../main/core/schwab/schemas';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'schwab');
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const clone = <T>(v: T): T => structuredClone(v);

/** Every sample that represents a payload Arbion reads, with the schema it must satisfy. */
const SAMPLES: Array<[string, z.ZodType]> = [
  ['token-response.json', TokenResponseSchema],
  ['token-response-with-id-token.json', TokenResponseSchema],
  ['token-response-official-doc.json', TokenResponseSchema],
  ['error-token-invalid-client.json', OAuthErrorSchema],
  ['error-token-invalid-grant.json', OAuthErrorSchema],
  ['error-token-refresh-expired.json', OAuthErrorSchema],
  ['error-trader-invalid-account-number.json', TraderErrorSchema],
  ['error-marketdata-400.json', MarketDataErrorSchema],
  ['error-marketdata-401.json', MarketDataErrorSchema],
  ['error-marketdata-404.json', MarketDataErrorSchema],
  ['error-marketdata-500.json', MarketDataErrorSchema],
  ['account-numbers.json', AccountNumbersSchema],
  ['account-numbers-realistic-hashes.json', AccountNumbersSchema],
  ['account-cash-covered-call-short-option.json', AccountSchema],
  ['account-cash-with-positions.json', AccountSchema],
  ['account-margin-with-option-positions.json', AccountSchema],
  ['account-margin-with-positions.json', AccountSchema],
  ['accounts-margin-no-positions.json', AccountsSchema],
  ['accounts-margin-with-option-position.json', AccountsSchema],
  ['user-preference.json', UserPreferenceSchema],
  ['user-preference-schwab-py-testdata.json', UserPreferenceSchema],
  ['quotes-multi.json', QuotesResponseSchema],
  ['quote-equity-nvda-with-extended.json', QuotesResponseSchema],
  ['quote-index-spx.json', QuotesResponseSchema],
  ['quote-option-nvda-put.json', QuotesResponseSchema],
];

function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('Schwab schemas accept the real samples', () => {
  it.each(SAMPLES)('%s parses', (file, schema) => {
    const r = schema.safeParse(load(file));
    if (!r.success) throw new Error(`${file}: ${JSON.stringify(r.error.issues, null, 1)}`);
    expect(r.success).toBe(true);
  });

  it('positions from a mixed MARGIN account parse one by one, ETF as COLLECTIVE_INVESTMENT', () => {
    const rows = load('positions-margin-mixed-equity-etf-option.json') as unknown[];
    const parsed = rows.map((p) => PositionSchema.parse(p));
    expect(parsed.map((p) => p.instrument.assetType)).toEqual(['EQUITY', 'OPTION', 'COLLECTIVE_INVESTMENT', 'EQUITY']);
    expect(parsed[1]!.instrument.putCall).toBe('PUT');
  });

  it('keeps numbers as numbers and unknown fields as they came', () => {
    const raw = load('account-margin-with-option-positions.json') as Record<string, unknown>;
    const withExtra = { ...raw, somethingNew: { x: 1 } };
    const acct = AccountSchema.parse(withExtra);
    expect(acct.securitiesAccount.type).toBe('MARGIN');
    expect(typeof acct.securitiesAccount.currentBalances.liquidationValue).toBe('number');
    expect((acct as Record<string, unknown>).somethingNew).toEqual({ x: 1 });
    const short = acct.securitiesAccount.positions!.find((p) => p.shortQuantity > 0)!;
    expect(short.marketValue).toBeLessThan(0);
    expect(short.settledShortQuantity).toBeLessThan(0);
  });

  it('narrows balances by account type', () => {
    const cash = AccountSchema.parse(load('account-cash-with-positions.json')).securitiesAccount;
    expect(cash.type).toBe('CASH');
    if (cash.type === 'CASH') expect(cash.currentBalances.cashAvailableForTrading).toBe(1000.14);
    const margin = AccountSchema.parse(load('account-margin-with-positions.json')).securitiesAccount;
    if (margin.type === 'MARGIN') expect(margin.currentBalances.buyingPower).toBe(100);
    expect(margin.type).toBe('MARGIN');
  });

  it('positions are absent, not empty, when fields=positions was not asked for', () => {
    const [acct] = AccountsSchema.parse(load('accounts-margin-no-positions.json'));
    expect(acct!.securitiesAccount.positions).toBeUndefined();
    expect(acct!.aggregatedBalance).toBeUndefined();
  });

  it('separates quote entries from the "errors" entry for unknown symbols', () => {
    const res = QuotesResponseSchema.parse({
      ...(load('quote-equity-nvda-with-extended.json') as object),
      errors: { invalidSymbols: ['NOPE'] },
    });
    expect(res.errors?.invalidSymbols).toEqual(['NOPE']);
    expect(quoteEntries(res).map(([k]) => k)).toEqual(['NVDA']);
    expect(quoteEntries(res)[0]![1].quote?.closePrice).toBe(123.7);
  });

  it('refresh responses may omit refresh_token; code exchanges may not', () => {
    const body = clone(load('token-response.json')) as Record<string, unknown>;
    delete body.refresh_token;
    expect(RefreshTokenResponseSchema.safeParse(body).success).toBe(true);
    expect(issuePaths(TokenResponseSchema, body)).toEqual(['refresh_token']);
  });
});

describe('Schwab schemas reject what the math needs, naming the path', () => {
  it('account without currentBalances.liquidationValue', () => {
    const raw = clone(load('account-cash-with-positions.json')) as {
      securitiesAccount: { currentBalances: Record<string, unknown> };
    };
    delete raw.securitiesAccount.currentBalances.liquidationValue;
    expect(issuePaths(AccountSchema, raw)).toEqual(['securitiesAccount.currentBalances.liquidationValue']);
  });

  it('list form: position without marketValue, and instrument without symbol', () => {
    const raw = clone(load('accounts-margin-with-option-position.json')) as Array<{
      securitiesAccount: { positions: Array<Record<string, unknown> & { instrument: Record<string, unknown> }> };
    }>;
    const pos = raw[0]!.securitiesAccount.positions[0]!;
    delete pos.marketValue;
    delete pos.instrument.symbol;
    expect(issuePaths(AccountsSchema, raw).sort()).toEqual([
      '0.securitiesAccount.positions.0.instrument.symbol',
      '0.securitiesAccount.positions.0.marketValue',
    ]);
  });

  it('a quantity sent as a string is not silently coerced', () => {
    const raw = clone(load('account-margin-with-positions.json')) as {
      securitiesAccount: { positions: Array<Record<string, unknown>> };
    };
    raw.securitiesAccount.positions[0]!.longQuantity = '2';
    expect(issuePaths(AccountSchema, raw)).toEqual(['securitiesAccount.positions.0.longQuantity']);
  });

  it('unknown account type is rejected at securitiesAccount.type', () => {
    const raw = clone(load('account-margin-with-positions.json')) as { securitiesAccount: Record<string, unknown> };
    raw.securitiesAccount.type = 'FUTURES';
    expect(issuePaths(AccountSchema, raw)).toEqual(['securitiesAccount.type']);
  });

  it('account numbers without hashValue', () => {
    const raw = clone(load('account-numbers-realistic-hashes.json')) as Array<Record<string, unknown>>;
    delete raw[1]!.hashValue;
    expect(issuePaths(AccountNumbersSchema, raw)).toEqual(['1.hashValue']);
  });

  it('token response without access_token', () => {
    const raw = clone(load('token-response-official-doc.json')) as Record<string, unknown>;
    delete raw.access_token;
    expect(issuePaths(TokenResponseSchema, raw)).toEqual(['access_token']);
  });

  it('quote entry without its symbol', () => {
    const raw = clone(load('quote-index-spx.json')) as Record<string, Record<string, unknown>>;
    delete raw.$SPX!.symbol;
    expect(issuePaths(QuotesResponseSchema, raw)).toEqual(['$SPX.symbol']);
  });
});

describe('Schwab error bodies', () => {
  it('digs the nested refresh_token_authentication_error out of unsupported_token_type', () => {
    const outer = OAuthErrorSchema.parse(load('error-token-refresh-expired.json'));
    expect(outer.error).toBe('unsupported_token_type');
    const inner = parseNestedOAuthError(outer);
    expect(inner?.error).toBe('refresh_token_authentication_error');
    expect(inner?.error_description).toMatch(/^Exception while authenticating refresh token/);
    expect(parseNestedOAuthError(OAuthErrorSchema.parse(load('error-token-invalid-client.json')))).toBeUndefined();
  });

  it('gives one readable message for each error shape', () => {
    expect(schwabErrorMessage(load('error-trader-invalid-account-number.json'))).toBe('Invalid account number');
    expect(schwabErrorMessage(load('error-marketdata-400.json'))).toBe('Bad Request: Missing header');
    expect(schwabErrorMessage(load('error-marketdata-401.json'))).toBe('Unauthorized');
    expect(schwabErrorMessage(load('error-token-invalid-client.json'))).toBe('invalid_client: Unauthorized');
    expect(schwabErrorMessage(load('error-token-refresh-expired.json'))).toBe(
      'unsupported_token_type: refresh_token_authentication_error',
    );
    expect(schwabErrorMessage({ errors: [] })).toBeUndefined();
    expect(schwabErrorMessage('<html>Access Denied</html>')).toBeUndefined();
  });
});
