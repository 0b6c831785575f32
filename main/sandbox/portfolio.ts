// The demo accounts and what they hold. Three hand-built accounts a trader recognises (an individual MARGIN
// account with stocks, ETFs, a short stock, long and short options and a money-market sweep; a Roth IRA in a
// CASH account with ETFs, mutual funds and a covered call; a joint MARGIN account trading options), plus
// generated accounts/positions for large-portfolio runs. Deterministic for a seed.
import { accountHash } from './ids';
import { EQUITIES, ETFS, MONEY_MARKETS, MUTUAL_FUNDS, listed, type Listed } from './instruments';
import type { Market } from './market';
import { makeOption, monthlyExpiration, strikeNear, type OptionContract, type PutCall } from './options';
import type { Random } from './random';

export type HoldingKind = 'EQUITY' | 'ETF' | 'MUTUAL_FUND' | 'MONEY_MARKET' | 'OPTION';
export type AccountKind = 'CASH' | 'MARGIN';

export interface Holding {
  symbol: string;
  kind: HoldingKind;
  cusip: string;
  /** Present for ETFs, funds and options (Schwab omits it for plain equities). */
  description?: string;
  option?: OptionContract;
  /** Shares or contracts; exactly one of long/short is non-zero. Funds may be fractional. */
  longQuantity: number;
  shortQuantity: number;
  /** Average cost per share, as Schwab reports it (options: per share, not per contract). */
  averagePrice: number;
  multiplier: 1 | 100;
}

export interface DemoAccount {
  accountNumber: string;
  hashValue: string;
  type: AccountKind;
  nickName: string;
  primary: boolean;
  color: 'Green' | 'Blue';
  cashCents: number;
  holdings: Holding[];
}

export interface PortfolioOptions {
  seed: number;
  /** Number of accounts (default 3: the hand-built ones). */
  accounts?: number;
  /** When set, every account holds exactly this many positions. */
  positionsPerAccount?: number;
}

type Spec =
  | { kind: 'stock'; symbol: string; qty: number }
  | { kind: 'fund'; symbol: string; qty: number }
  | { kind: 'option'; underlying: string; months: number; putCall: PutCall; steps: number; qty: number };

/** Hand-built accounts; negative quantities are shorts. */
const CORE: Array<{ type: AccountKind; nickName: string; cash: number; specs: Spec[] }> = [
  {
    type: 'MARGIN',
    nickName: 'Individual',
    cash: 24_350.18,
    specs: [
      { kind: 'stock', symbol: 'AAPL', qty: 150 },
      { kind: 'stock', symbol: 'MSFT', qty: 60 },
      { kind: 'stock', symbol: 'NVDA', qty: 200 },
      { kind: 'stock', symbol: 'SPY', qty: 40 },
      { kind: 'stock', symbol: 'QQQ', qty: 25 },
      { kind: 'stock', symbol: 'TSLA', qty: -30 },
      { kind: 'option', underlying: 'NVDA', months: 2, putCall: 'CALL', steps: 2, qty: 5 },
      { kind: 'option', underlying: 'AAPL', months: 1, putCall: 'PUT', steps: -2, qty: -3 },
      { kind: 'fund', symbol: 'SWVXX', qty: 15_000 },
      { kind: 'stock', symbol: 'JPM', qty: 45 },
      { kind: 'stock', symbol: 'KO', qty: 120 },
    ],
  },
  {
    type: 'CASH',
    nickName: 'Roth Contributory IRA',
    cash: 3_412.55,
    specs: [
      { kind: 'stock', symbol: 'VTI', qty: 120 },
      { kind: 'stock', symbol: 'SCHD', qty: 400 },
      { kind: 'fund', symbol: 'SWPPX', qty: 512.347 },
      { kind: 'stock', symbol: 'JNJ', qty: 100 },
      // Covered by the 100 JNJ shares above — the only kind of short a CASH account may carry.
      { kind: 'option', underlying: 'JNJ', months: 1, putCall: 'CALL', steps: 2, qty: -1 },
      { kind: 'fund', symbol: 'VFIAX', qty: 25.113 },
      { kind: 'fund', symbol: 'SNOXX', qty: 5_000 },
    ],
  },
  {
    type: 'MARGIN',
    nickName: 'Joint Tenant',
    cash: 12_840,
    specs: [
      { kind: 'stock', symbol: 'AMD', qty: 300 },
      { kind: 'stock', symbol: 'META', qty: 20 },
      { kind: 'stock', symbol: 'PLTR', qty: 150 },
      { kind: 'option', underlying: 'SPY', months: 2, putCall: 'PUT', steps: -3, qty: 2 },
      { kind: 'option', underlying: 'AMD', months: 1, putCall: 'CALL', steps: 3, qty: -2 },
      { kind: 'option', underlying: 'META', months: 1, putCall: 'PUT', steps: -4, qty: -1 },
      { kind: 'stock', symbol: 'IWM', qty: 50 },
    ],
  },
];

const EXTRA_NICKNAMES = ['Trust', 'Rollover IRA', 'Custodial', 'Traditional IRA', 'Business', 'Brokerage'];

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

export function buildPortfolio(opts: PortfolioOptions, market: Market, rng: Random): DemoAccount[] {
  const count = Math.max(1, opts.accounts ?? CORE.length);
  const usedNumbers = new Set<string>();
  const accounts: DemoAccount[] = [];
  for (let i = 0; i < count; i++) {
    const arng = rng.fork(`account-${i}`);
    let accountNumber: string;
    do accountNumber = String(arng.int(10_000_000, 99_999_999));
    while (usedNumbers.has(accountNumber));
    usedNumbers.add(accountNumber);

    const core = CORE[i];
    const type: AccountKind = core?.type ?? (i % 2 === 1 ? 'CASH' : 'MARGIN');
    const nickName = core?.nickName ?? `${EXTRA_NICKNAMES[(i - CORE.length) % EXTRA_NICKNAMES.length]} ${i + 1}`;
    const cash = core?.cash ?? arng.int(5_000, 120_000) + arng.int(0, 99) / 100;
    let holdings = (core?.specs ?? []).map((s) => holdingFromSpec(s, market, arng));
    if (opts.positionsPerAccount !== undefined) {
      holdings = holdings.slice(0, opts.positionsPerAccount);
      fillHoldings(holdings, opts.positionsPerAccount, type, market, arng);
    } else if (!core) {
      fillHoldings(holdings, arng.int(6, 14), type, market, arng);
    }
    accounts.push({
      accountNumber,
      hashValue: accountHash(opts.seed, accountNumber),
      type,
      nickName,
      primary: i === 0,
      color: i % 2 === 0 ? 'Green' : 'Blue',
      cashCents: Math.round(cash * 100),
      holdings,
    });
  }
  return accounts;
}

function costPrice(closeCents: number, rng: Random, spread: number): number {
  const factor = Math.min(1.8, Math.max(0.4, 1 + rng.normal() * spread));
  return round4((closeCents / 100) * factor);
}

function holdingFromSpec(spec: Spec, market: Market, rng: Random): Holding {
  if (spec.kind === 'option') {
    const under = listed(spec.underlying);
    const contract = makeOption(
      under.symbol,
      under.name,
      monthlyExpiration(market.sessionStartMs, spec.months),
      spec.putCall,
      strikeNear(under.closeCents, spec.steps),
    );
    return optionHolding(contract, spec.qty, market, rng);
  }
  const l = listed(spec.symbol);
  return listedHolding(l, spec.qty, rng);
}

function listedHolding(l: Listed, qty: number, rng: Random): Holding {
  const kind: HoldingKind = l.kind === 'INDEX' ? 'EQUITY' : l.kind;
  return {
    symbol: l.symbol,
    kind,
    cusip: l.cusip,
    ...(kind === 'EQUITY' ? {} : { description: l.name }),
    longQuantity: qty > 0 ? qty : 0,
    shortQuantity: qty < 0 ? -qty : 0,
    averagePrice: kind === 'MONEY_MARKET' ? 1 : costPrice(l.closeCents, rng, kind === 'MUTUAL_FUND' ? 0.08 : 0.18),
    multiplier: 1,
  };
}

function optionHolding(contract: OptionContract, qty: number, market: Market, rng: Random): Holding {
  market.addOption(contract);
  return {
    symbol: contract.symbol,
    kind: 'OPTION',
    cusip: contract.cusip,
    description: contract.description,
    option: contract,
    longQuantity: qty > 0 ? qty : 0,
    shortQuantity: qty < 0 ? -qty : 0,
    averagePrice: costPrice(Math.max(5, market.close(contract.symbol)), rng, 0.3),
    multiplier: 100,
  };
}

/** Adds generated positions until the account holds `target`; CASH accounts only get longs. */
function fillHoldings(holdings: Holding[], target: number, type: AccountKind, market: Market, rng: Random): void {
  const held = new Set(holdings.map((h) => h.symbol));
  const stockPool = [...EQUITIES, ...ETFS, ...MUTUAL_FUNDS, ...MONEY_MARKETS].filter((l) => !held.has(l.symbol));
  shuffle(stockPool, rng);
  let guard = 0;
  while (holdings.length < target && guard++ < target * 50) {
    const useStock = stockPool.length > 0 && (rng.next() < 0.5 || holdings.length < 4);
    const short = type === 'MARGIN' && rng.next() < 0.15;
    if (useStock) {
      const l = stockPool.pop()!;
      const fund = l.kind === 'MUTUAL_FUND' || l.kind === 'MONEY_MARKET';
      let qty: number;
      if (l.kind === 'MONEY_MARKET') qty = rng.int(1, 50) * 500;
      else if (fund) qty = rng.int(10_000, 900_000) / 1000;
      else qty = Math.max(1, Math.round(rng.int(500, 3_000_000) / l.closeCents)) * (rng.next() < 0.5 ? 5 : 1);
      holdings.push(listedHolding(l, short && !fund ? -qty : qty, rng));
      held.add(l.symbol);
      continue;
    }
    const under = rng.pick(EQUITIES.length > 0 ? [...EQUITIES, ...ETFS] : ETFS);
    const contract = makeOption(
      under.symbol,
      under.name,
      monthlyExpiration(market.sessionStartMs, rng.int(1, 6)),
      rng.next() < 0.5 ? 'CALL' : 'PUT',
      strikeNear(under.closeCents, rng.int(-5, 5)),
    );
    if (held.has(contract.symbol)) continue;
    const qty = rng.int(1, 10);
    holdings.push(optionHolding(contract, short ? -qty : qty, market, rng));
    held.add(contract.symbol);
  }
}

function shuffle<T>(items: T[], rng: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
