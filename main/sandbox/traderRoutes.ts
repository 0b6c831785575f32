// Trader API routes Arbion reads: account numbers ↔ hashes, all accounts or one by hash
// (positions only with fields=positions), user preference. A plain account number where a hash belongs
// gets Schwab's 400 "Invalid account number".
import { accountNumbersPayload, accountPayload, userPreferencePayload } from './accountPayloads';
import type { Book } from './book';
import { traderError } from './errorBodies';
import type { Route, RouteContext } from './router';

const BALANCE_PATH = ['securitiesAccount', 'currentBalances', 'liquidationValue'];

function wantsPositions(ctx: RouteContext): boolean {
  return (ctx.url.searchParams.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .includes('positions');
}

export function traderRoutes(book: Book, streamerUrl: () => string): Route[] {
  return [
    // Listed before /accounts/{accountHash} so "accountNumbers" is not taken for a hash.
    {
      method: 'GET',
      pattern: '/trader/v1/accounts/accountNumbers',
      family: 'trader',
      auth: true,
      requiredField: () => [0, 'hashValue'],
      handle: () => ({ status: 200, json: accountNumbersPayload(book.accounts) }),
    },
    {
      method: 'GET',
      pattern: '/trader/v1/accounts',
      family: 'trader',
      auth: true,
      requiredField: () => [0, ...BALANCE_PATH],
      handle: (ctx) => {
        const withPositions = wantsPositions(ctx);
        return { status: 200, json: book.accounts.map((a) => accountPayload(book.value(a), withPositions, book.marginState(a))) };
      },
    },
    {
      method: 'GET',
      pattern: '/trader/v1/accounts/{accountHash}',
      family: 'trader',
      auth: true,
      requiredField: () => BALANCE_PATH,
      handle: (ctx) => {
        const account = book.account(ctx.params.accountHash ?? '');
        if (!account) return { status: 400, json: traderError('Invalid account number') };
        return { status: 200, json: accountPayload(book.value(account), wantsPositions(ctx), book.marginState(account)) };
      },
    },
    {
      method: 'GET',
      pattern: '/trader/v1/userPreference',
      family: 'trader',
      auth: true,
      requiredField: () => ['accounts'],
      handle: () => ({ status: 200, json: userPreferencePayload(book.accounts, book.seed, streamerUrl()) }),
    },
  ];
}
