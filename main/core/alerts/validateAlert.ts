// Checks a new alert before anything is saved: a positive level, a percent within ±100 (not 0), a known
// symbol (one quotes request), an account that exists. Each failure is one sentence naming the cause.
import type { AlertInput, PortfolioSnapshot } from '../../../common/contract';
import { ArbionError, toArbionError } from '../errors';
import type { AccountsClient } from '../schwab/accountsClient';
import { quoteEntries } from '../schwab/schemas';
import { toCents } from '../../../common/money/cents';
import { normalizeSymbol } from './rules';

const bad = (message: string): ArbionError => new ArbionError('BadRequest', message);

function checkLevel(level: number, what: string): void {
  if (!Number.isFinite(level) || level <= 0) throw bad(`${what} must be a positive number of dollars, not ${String(level)}.`);
}

function checkPercent(percent: number): void {
  if (!Number.isFinite(percent) || percent === 0 || percent < -100 || percent > 100) {
    throw bad(`The percent must be between -100 and 100 and not 0, not ${String(percent)}.`);
  }
}

function checkAccount(account: string | null, view: PortfolioSnapshot | null): void {
  if (account === null || view === null) return;
  if (!view.accounts.some((a) => a.hash === account)) throw bad('That account is not among your linked accounts.');
}

async function checkSymbol(symbol: string, quotes: Pick<AccountsClient, 'getQuotes'>): Promise<void> {
  if (symbol === '') throw bad('Enter a symbol (e.g. AAPL, or an option in OCC form such as "SPY   261218C00550000").');
  let known: boolean;
  try {
    const res = await quotes.getQuotes([symbol], undefined, 'quote');
    known = !res.data.errors?.invalidSymbols?.includes(symbol) && quoteEntries(res.data).some(([key]) => normalizeSymbol(key) === symbol);
  } catch (e) {
    const error = toArbionError(e);
    throw new ArbionError(error.code, `Could not check the symbol ${symbol} with Schwab: ${error.message}`, { cause: e });
  }
  if (!known) throw bad(`Schwab knows no symbol "${symbol}".`);
}

/** The input with its symbol normalised, once every check has passed. */
export async function validateAlert(input: AlertInput, quotes: Pick<AccountsClient, 'getQuotes'>, view: PortfolioSnapshot | null): Promise<AlertInput> {
  switch (input.kind) {
    case 'price': {
      checkLevel(input.level, 'The price level');
      const symbol = normalizeSymbol(input.symbol);
      await checkSymbol(symbol, quotes);
      return { ...input, symbol };
    }
    case 'day-move': {
      checkPercent(input.percent);
      const symbol = normalizeSymbol(input.symbol);
      await checkSymbol(symbol, quotes);
      return { ...input, symbol };
    }
    case 'day-change':
      if (input.measure === 'percent') checkPercent(input.value);
      else if (!Number.isFinite(input.value) || input.value === 0) throw bad(`The day-change amount must be a number of dollars other than 0, not ${String(input.value)}.`);
      checkAccount(input.account, view);
      return input;
    case 'buying-power':
      checkLevel(input.level, 'The buying-power level');
      checkAccount(input.account, view);
      return input;
  }
}

/** Two rules that watch the same thing at the same level are one rule. */
export function dedupeKey(input: AlertInput): string {
  switch (input.kind) {
    case 'price':
      return `price:${input.symbol}:${input.direction}:${toCents(input.level)}`;
    case 'day-move':
      return `day-move:${input.symbol}:${input.percent}`;
    case 'day-change':
      return `day-change:${input.account ?? '*'}:${input.measure}:${input.measure === 'amount' ? toCents(input.value) : input.value}`;
    case 'buying-power':
      return `buying-power:${input.account ?? '*'}:${toCents(input.level)}`;
  }
}
