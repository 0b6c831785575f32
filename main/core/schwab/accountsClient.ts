// The four reads Arbion makes. Everything the portfolio needs comes from ONE request per refresh:
// GET /trader/v1/accounts?fields=positions returns every linked account with balances and positions.
// accountNumbers (number → hash) is fetched once per sign-in by the portfolio service.
import type { SchwabHttpClient, SchwabResponse } from './httpClient';
import {
  AccountNumbersSchema,
  AccountsSchema,
  QuotesResponseSchema,
  UserPreferenceSchema,
  type Account,
  type AccountNumberHash,
  type QuotesResponse,
  type UserPreference,
} from './schemas';
import { parsePayload } from './payload';
import { ArbionError } from '../errors';

export const ACCOUNTS_PATH = '/trader/v1/accounts';
export const ACCOUNT_NUMBERS_PATH = '/trader/v1/accounts/accountNumbers';
export const USER_PREFERENCE_PATH = '/trader/v1/userPreference';
export const QUOTES_PATH = '/marketdata/v1/quotes';

/** The quote blocks to ask for (Schwab's `fields` parameter, comma-separated when several); all when omitted. */
export type QuoteFields = 'quote' | 'reference' | 'fundamental' | 'extended' | 'regular' | 'all';

export interface AccountsClient {
  /** Every linked account with balances and positions, in one request. */
  getAccountsWithPositions(signal?: AbortSignal): Promise<SchwabResponse<Account[]>>;
  getAccountNumbers(signal?: AbortSignal): Promise<SchwabResponse<AccountNumberHash[]>>;
  getUserPreference(signal?: AbortSignal): Promise<SchwabResponse<UserPreference>>;
  /** Quotes keyed by symbol; unknown symbols are listed under `errors.invalidSymbols`, not thrown. */
  getQuotes(symbols: readonly string[], signal?: AbortSignal, fields?: QuoteFields | readonly QuoteFields[]): Promise<SchwabResponse<QuotesResponse>>;
}

export function createAccountsClient(http: SchwabHttpClient): AccountsClient {
  return {
    getAccountsWithPositions: (signal) =>
      http.get(ACCOUNTS_PATH, AccountsSchema, 'accounts', { query: { fields: 'positions' }, signal }),
    getAccountNumbers: (signal) => http.get(ACCOUNT_NUMBERS_PATH, AccountNumbersSchema, 'account numbers', { signal }),
    getUserPreference: (signal) => http.get(USER_PREFERENCE_PATH, UserPreferenceSchema, 'user preference', { signal }),
    getQuotes: async (symbols, signal, fields) => {
      const list = [...new Set(symbols.map((s) => s.trim()).filter((s) => s !== ''))];
      if (list.length === 0) throw new ArbionError('BadRequest', 'No symbols to quote.');
      if (list.length > 500) throw new ArbionError('BadRequest', 'At most 500 symbols per quote request.');
      const query: Record<string, string> = { symbols: list.join(',') };
      if (fields) query.fields = typeof fields === 'string' ? fields : fields.join(',');
      return http.get(QUOTES_PATH, QuotesResponseSchema, 'quotes', { query, signal });
    },
  };
}

/** Validates an already-decoded accounts body (used by the cache loader and the benchmark). */
export function parseAccounts(data: unknown): Account[] {
  return parsePayload(AccountsSchema, data, 'accounts');
}
