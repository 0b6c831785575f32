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
import { compileSchema } from './compiledSchema';
import { ArbionError } from '../errors';
import { OrdersSchema, TRANSACTION_TYPES, TransactionsSchema, type Order, type OrderStatus, type Transaction, type TransactionType } from './activitySchemas';
import { ORDERS_MAX_RANGE_MS, TRANSACTIONS_MAX_RANGE_MS, chunkRange, formatSchwabTime, type TimeRange } from './activityRanges';

/** The two bodies every refresh validates (~1.4 MB and ~0.5 MB at 10 × 250), through compiled validators. */
export const ACCOUNTS_PAYLOAD = compileSchema(AccountsSchema, 'AccountsSchema');
export const QUOTES_PAYLOAD = compileSchema(QuotesResponseSchema, 'QuotesResponseSchema');

export const ACCOUNTS_PATH = '/trader/v1/accounts';
export const ACCOUNT_NUMBERS_PATH = '/trader/v1/accounts/accountNumbers';
export const USER_PREFERENCE_PATH = '/trader/v1/userPreference';
export const QUOTES_PATH = '/marketdata/v1/quotes';
export const ALL_ORDERS_PATH = '/trader/v1/orders';
export const accountOrdersPath = (hash: string): string => `${ACCOUNTS_PATH}/${encodeURIComponent(hash)}/orders`;
export const transactionsPath = (hash: string): string => `${ACCOUNTS_PATH}/${encodeURIComponent(hash)}/transactions`;

/** Called after each chunk of a multi-call read (for progress indicators). */
export type ChunkProgress = (done: number, total: number) => void;

export interface OrdersQuery {
  /** One status, as Schwab allows; all statuses when omitted. */
  status?: OrderStatus;
  /** Per call, ≤ 3000 (Schwab's maximum and default). */
  maxResults?: number;
  onChunk?: ChunkProgress;
  signal?: AbortSignal;
}

export interface TransactionsQuery {
  /** Default: every type, comma-separated in one call. */
  types?: readonly TransactionType[];
  symbol?: string;
  onChunk?: ChunkProgress;
  signal?: AbortSignal;
}

/** The rows of a read that took `requests` calls. */
export interface ChunkedRead<T> {
  data: T[];
  requests: number;
}

/** The quote blocks to ask for (Schwab's `fields` parameter, comma-separated when several); all when omitted. */
export type QuoteFields = 'quote' | 'reference' | 'fundamental' | 'extended' | 'regular' | 'all';

export interface AccountsClient {
  /** Every linked account with balances and positions, in one request. */
  getAccountsWithPositions(signal?: AbortSignal): Promise<SchwabResponse<Account[]>>;
  getAccountNumbers(signal?: AbortSignal): Promise<SchwabResponse<AccountNumberHash[]>>;
  getUserPreference(signal?: AbortSignal): Promise<SchwabResponse<UserPreference>>;
  /** Quotes keyed by symbol; unknown symbols are listed under `errors.invalidSymbols`, not thrown. */
  getQuotes(symbols: readonly string[], signal?: AbortSignal, fields?: QuoteFields | readonly QuoteFields[]): Promise<SchwabResponse<QuotesResponse>>;
  /** Orders entered in `range` for one account (a hash) or, with `undefined`, every account; ≤ 60 days per call. */
  getOrders(accountHash: string | undefined, range: TimeRange, query?: OrdersQuery): Promise<ChunkedRead<Order>>;
  /** Transactions in `range` for one account (a hash); ≤ 1 year per call. */
  getTransactions(accountHash: string, range: TimeRange, query?: TransactionsQuery): Promise<ChunkedRead<Transaction>>;
}

export function createAccountsClient(http: SchwabHttpClient): AccountsClient {
  return {
    getAccountsWithPositions: (signal) =>
      http.get(ACCOUNTS_PATH, ACCOUNTS_PAYLOAD, 'accounts', { query: { fields: 'positions' }, signal }),
    getAccountNumbers: (signal) => http.get(ACCOUNT_NUMBERS_PATH, AccountNumbersSchema, 'account numbers', { signal }),
    getUserPreference: (signal) => http.get(USER_PREFERENCE_PATH, UserPreferenceSchema, 'user preference', { signal }),
    getQuotes: async (symbols, signal, fields) => {
      const list = [...new Set(symbols.map((s) => s.trim()).filter((s) => s !== ''))];
      if (list.length === 0) throw new ArbionError('BadRequest', 'No symbols to quote.');
      if (list.length > 500) throw new ArbionError('BadRequest', 'At most 500 symbols per quote request.');
      const query: Record<string, string> = { symbols: list.join(',') };
      if (fields) query.fields = typeof fields === 'string' ? fields : fields.join(',');
      return http.get(QUOTES_PATH, QUOTES_PAYLOAD, 'quotes', { query, signal });
    },
    getOrders: async (accountHash, range, q = {}) => {
      if (q.maxResults !== undefined && (!Number.isInteger(q.maxResults) || q.maxResults < 1 || q.maxResults > 3000)) {
        throw new ArbionError('BadRequest', `maxResults must be an integer from 1 to 3000, got ${q.maxResults}.`);
      }
      const path = accountHash === undefined ? ALL_ORDERS_PATH : accountOrdersPath(accountHash);
      return readChunks(range, ORDERS_MAX_RANGE_MS, q.onChunk, (o: Order) => o.orderId, async (chunk) => {
        const query: Record<string, string> = {
          fromEnteredTime: formatSchwabTime(chunk.fromMs),
          toEnteredTime: formatSchwabTime(chunk.toMs),
        };
        if (q.maxResults !== undefined) query.maxResults = String(q.maxResults);
        if (q.status !== undefined) query.status = q.status;
        return (await http.get(path, OrdersSchema, 'orders', { query, signal: q.signal })).data;
      });
    },
    getTransactions: async (accountHash, range, q = {}) => {
      const types = q.types ?? TRANSACTION_TYPES;
      if (types.length === 0) throw new ArbionError('BadRequest', 'At least one transaction type is required.');
      return readChunks(range, TRANSACTIONS_MAX_RANGE_MS, q.onChunk, (t: Transaction) => t.activityId, async (chunk) => {
        const query: Record<string, string> = {
          startDate: formatSchwabTime(chunk.fromMs),
          endDate: formatSchwabTime(chunk.toMs),
          types: types.join(','),
        };
        if (q.symbol !== undefined && q.symbol.trim() !== '') query.symbol = q.symbol.trim();
        return (await http.get(transactionsPath(accountHash), TransactionsSchema, 'transactions', { query, signal: q.signal })).data;
      });
    },
  };
}

/** One call per chunk, in order; rows that two adjacent chunks both return are kept once (by `key`). */
async function readChunks<T>(
  range: TimeRange,
  maxMs: number,
  onChunk: ChunkProgress | undefined,
  key: (row: T) => string,
  read: (chunk: TimeRange) => Promise<T[]>,
): Promise<ChunkedRead<T>> {
  const chunks = chunkRange(range, maxMs);
  const seen = new Set<string>();
  const data: T[] = [];
  for (let i = 0; i < chunks.length; i++) {
    for (const row of await read(chunks[i]!)) {
      const k = key(row);
      if (seen.has(k)) continue;
      seen.add(k);
      data.push(row);
    }
    onChunk?.(i + 1, chunks.length);
  }
  return { data, requests: chunks.length };
}

/** Validates an already-decoded accounts body (used by the cache loader and the benchmark). */
export function parseAccounts(data: unknown): Account[] {
  return parsePayload(ACCOUNTS_PAYLOAD, data, 'accounts');
}
