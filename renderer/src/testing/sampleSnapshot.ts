// Realistic, internally consistent portfolio data for tests and visual checks, built from the contract's view
// types: three accounts with equities, ETFs, a short stock, long and short options, a mutual fund, a money market
// fund and a T-bill. Every derived figure (market value, P&L, weights, totals) is computed, never typed in.
import type {
  AccountType,
  AccountView,
  MarginDetail,
  PortfolioSnapshot,
  PositionView,
} from '../../../common/contract';
import { asCents, centsToDollars, roundPercent, toCents, valueCents, ZERO_CENTS, type Cents } from '../../../common/money/cents';
import { repricePosition, totalsOfAccounts, withAccountFigures } from '../../../common/portfolio/figures';

export interface HoldingSpec {
  symbol: string;
  description: string;
  assetType: string;
  quantity: number;
  averagePrice: number;
  price: number;
  previousClose: number;
  /** 100 for equity options, 0.01 for bonds quoted per 100 face, 1 otherwise. */
  multiplier?: number;
  putCall?: 'PUT' | 'CALL';
  underlyingSymbol?: string;
}

export interface AccountSpec {
  displayNumber: string;
  hash: string;
  type: AccountType;
  cash: number;
  holdings: HoldingSpec[];
  /** MARGIN only: figures that differ from the derived defaults (e.g. a margin call). */
  margin?: Partial<MarginDetail>;
  nickname?: string;
  kind?: string;
}

/**
 * Margin figures derived from the account as the sandbox does: equity leaves options out, maintenance is 30 %
 * of the long stock, SMA is the excess equity, start-of-day equity is before today's change.
 */
function buildMargin(positions: PositionView[], liquidationValue: Cents, dayChange: Cents, overrides: Partial<MarginDetail> = {}): MarginDetail {
  const stocks = positions.filter((p) => p.assetType !== 'OPTION');
  const longCents = stocks.reduce((s, p) => s + Math.max(0, p.marketValue), 0);
  const optionCents = positions.reduce((s, p) => s + (p.assetType === 'OPTION' ? p.marketValue : 0), 0);
  const maintenance = asCents(longCents * 0.3);
  const equity = asCents(liquidationValue - optionCents);
  const sma = asCents(Math.max(0, equity - maintenance));
  return {
    equity,
    equityPercent: longCents === 0 ? 100 : Math.min(100, roundPercent((equity / longCents) * 100)),
    marginEquity: asCents(equity - dayChange),
    maintenanceRequirement: maintenance,
    sma,
    dayTradingBuyingPower: asCents(sma * 4),
    optionBuyingPower: null,
    stockBuyingPower: asCents(sma * 2),
    unsettledCash: null,
    roundTrips: 1,
    isDayTrader: false,
    isInCall: false,
    calls: [],
    ...overrides,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The quote the table shows beside the position: mark and last at the sample price, change from the close. */
const SAMPLE_QUOTE_TIME = '2026-11-27T20:59:28.000Z';

function buildPosition(h: HoldingSpec): PositionView {
  const multiplier = h.multiplier ?? 1;
  const costBasis = valueCents(h.quantity, h.averagePrice, multiplier);
  const base: PositionView = {
    symbol: h.symbol,
    description: h.description,
    assetType: h.assetType,
    ...(h.putCall ? { putCall: h.putCall } : {}),
    ...(h.underlyingSymbol ? { underlyingSymbol: h.underlyingSymbol } : {}),
    quantity: h.quantity,
    averagePrice: h.averagePrice,
    mark: h.price,
    lastPrice: h.price,
    previousClose: h.previousClose,
    netChange: round2(h.price - h.previousClose),
    netPercentChange: h.previousClose === 0 ? 0 : round2(((h.price - h.previousClose) / h.previousClose) * 100),
    quoteTime: SAMPLE_QUOTE_TIME,
    multiplier,
    marketValue: ZERO_CENTS,
    costBasis,
    dayProfitLoss: ZERO_CENTS,
    dayProfitLossPercent: 0,
    unrealizedProfitLoss: ZERO_CENTS,
    unrealizedProfitLossPercent: null,
    weightPercent: 0, // apportioned by the account, with its cash
  };
  // Value and P&L from the price by the model's own rule.
  return { ...base, ...repricePosition(base, h.price) };
}

export function buildAccount(spec: AccountSpec): AccountView {
  const positions = spec.holdings.map((h) => buildPosition(h));
  const cash = toCents(spec.cash);
  const liquidationValue = asCents(positions.reduce((s, p) => s + p.marketValue, 0) + cash);
  const account = withAccountFigures({
    accountNumber: spec.displayNumber,
    displayNumber: spec.displayNumber,
    hash: spec.hash,
    type: spec.type,
    liquidationValue,
    cashBalance: cash,
    sweepBalance: ZERO_CENTS,
    cashWeightPercent: 0,
    buyingPower: spec.type === 'MARGIN' ? toCents(spec.cash * 2 + centsToDollars(liquidationValue) * 0.35) : null,
    cashAvailableForTrading: cash,
    dayChange: ZERO_CENTS,
    dayChangePercent: 0,
    longValue: ZERO_CENTS,
    shortValue: ZERO_CENTS,
    positions,
    ...(spec.nickname ? { nickname: spec.nickname } : {}),
    ...(spec.kind ? { kind: spec.kind } : {}),
  });
  return spec.type === 'MARGIN' ? { ...account, margin: buildMargin(account.positions, liquidationValue, account.dayChange, spec.margin) } : account;
}

export const SAMPLE_ACCOUNTS: AccountSpec[] = [
  {
    displayNumber: '…4410',
    hash: 'E3F8A1C09D2B4F6A8E7C5D3B1A09F8E7D6C5B4A3928170F6E5D4C3B2A1908F7E',
    type: 'MARGIN',
    cash: 18402.17,
    holdings: [
      // Schwab sends no description for many equities; the table must cope.
      { symbol: 'AAPL', description: '', assetType: 'EQUITY', quantity: 300, averagePrice: 168.2, price: 231.4, previousClose: 229.1 },
      { symbol: 'MSFT', description: 'MICROSOFT CORP', assetType: 'EQUITY', quantity: 120, averagePrice: 310.55, price: 428.1, previousClose: 430.95 },
      { symbol: 'NVDA', description: 'NVIDIA CORP', assetType: 'EQUITY', quantity: 400, averagePrice: 42.15, price: 138.25, previousClose: 135.6 },
      { symbol: 'SPY', description: 'SPDR S&P 500 ETF', assetType: 'COLLECTIVE_INVESTMENT', quantity: 150, averagePrice: 452.3, price: 588.2, previousClose: 585.9 },
      { symbol: 'TSLA', description: 'TESLA INC', assetType: 'EQUITY', quantity: -50, averagePrice: 265, price: 248.3, previousClose: 251.7 },
      {
        symbol: 'SPY   261218C00550000', description: 'SPDR S&P 500 ETF 12/18/2026 $550 Call', assetType: 'OPTION',
        quantity: 5, averagePrice: 48.2, price: 61.35, previousClose: 60.1, multiplier: 100, putCall: 'CALL', underlyingSymbol: 'SPY',
      },
      {
        symbol: 'AAPL  270115P00200000', description: 'APPLE INC 01/15/2027 $200 Put', assetType: 'OPTION',
        quantity: -3, averagePrice: 4.85, price: 2.1, previousClose: 2.35, multiplier: 100, putCall: 'PUT', underlyingSymbol: 'AAPL',
      },
    ],
  },
  {
    displayNumber: '…7782',
    hash: '7B2D9E4F1A6C3B8D5E0F2A7C4B9D6E1F3A8C5B2D7E4F9A1C6B3D8E5F0A2C7B4D',
    type: 'CASH',
    cash: 1204.55,
    holdings: [
      { symbol: 'VFIAX', description: 'VANGUARD 500 INDEX ADMIRAL', assetType: 'MUTUAL_FUND', quantity: 85.342, averagePrice: 398.12, price: 541.07, previousClose: 538.9 },
      { symbol: 'SCHD', description: 'SCHWAB US DIVIDEND EQUITY ETF', assetType: 'COLLECTIVE_INVESTMENT', quantity: 600, averagePrice: 24.8, price: 27.95, previousClose: 28.04 },
      { symbol: 'SWVXX', description: 'SCHWAB VALUE ADVANTAGE MONEY FUND', assetType: 'CASH_EQUIVALENT', quantity: 12500, averagePrice: 1, price: 1, previousClose: 1 },
    ],
  },
  {
    displayNumber: '…1093',
    hash: 'C4A7E2B9D1F6A3C8E5B0D7F2A9C4E1B6D3F8A5C2E7B4D9F1A6C3E8B5D2F7A4C9',
    type: 'MARGIN',
    cash: 5310,
    holdings: [
      { symbol: 'KO', description: 'COCA-COLA CO', assetType: 'EQUITY', quantity: 200, averagePrice: 58.4, price: 62.85, previousClose: 62.4 },
      {
        symbol: 'KO    270219C00065000', description: 'COCA-COLA CO 02/19/2027 $65 Call', assetType: 'OPTION',
        quantity: -2, averagePrice: 1.15, price: 0.95, previousClose: 1.02, multiplier: 100, putCall: 'CALL', underlyingSymbol: 'KO',
      },
      {
        symbol: '912797LN3', description: 'UNITED STATES TREAS BILLS 0% 03/18/2027', assetType: 'FIXED_INCOME',
        quantity: 10000, averagePrice: 97.85, price: 98.91, previousClose: 98.9, multiplier: 0.01,
      },
    ],
  },
];

export const SAMPLE_AS_OF = '2026-11-27T20:59:30.000Z';

export interface SnapshotOptions {
  asOf?: string;
  source?: PortfolioSnapshot['source'];
  freshness?: PortfolioSnapshot['freshness'];
  freshnessReason?: string | null;
  demo?: boolean;
  accounts?: AccountSpec[];
}

export function buildSnapshot(options: SnapshotOptions = {}): PortfolioSnapshot {
  const accounts = (options.accounts ?? SAMPLE_ACCOUNTS).map(buildAccount);
  return {
    asOf: options.asOf ?? SAMPLE_AS_OF,
    source: options.source ?? 'live',
    freshness: options.freshness ?? 'fresh',
    freshnessReason: options.freshnessReason ?? null,
    demo: options.demo ?? false,
    accounts,
    totals: totalsOfAccounts(accounts),
  };
}

/** Deterministic pseudo-random numbers (mulberry32) so a large snapshot is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One MARGIN account holding `count` positions (about one in five an option, one in ten short). */
export function buildLargeSnapshot(count: number, options: SnapshotOptions & { seed?: number } = {}): PortfolioSnapshot {
  const rand = seeded(options.seed ?? 42);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const holdings: HoldingSpec[] = [];
  for (let i = 0; i < count; i++) {
    let root = '';
    for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / 26)) root = letters[n % 26] + root;
    const price = round2(5 + rand() * 495);
    const previousClose = round2(price * (1 + (rand() - 0.5) * 0.06));
    const averagePrice = round2(price * (0.6 + rand() * 0.8));
    if (i % 5 === 4) {
      const strike = Math.round(price / 5) * 5;
      const pc = rand() < 0.5 ? 'C' : 'P';
      const optPrice = round2(0.5 + rand() * 20);
      holdings.push({
        symbol: `${root.padEnd(6)}27${String((i % 12) + 1).padStart(2, '0')}15${pc}${String(strike * 1000).padStart(8, '0')}`,
        description: `${root} CORP option`,
        assetType: 'OPTION',
        quantity: (rand() < 0.3 ? -1 : 1) * (1 + Math.floor(rand() * 10)),
        averagePrice: round2(optPrice * (0.6 + rand() * 0.8)),
        price: optPrice,
        previousClose: round2(optPrice * (1 + (rand() - 0.5) * 0.1)),
        multiplier: 100,
        putCall: pc === 'C' ? 'CALL' : 'PUT',
        underlyingSymbol: root,
      });
    } else {
      holdings.push({
        symbol: root,
        description: `${root} HOLDINGS INC`,
        assetType: 'EQUITY',
        quantity: (i % 10 === 3 ? -1 : 1) * (1 + Math.floor(rand() * 500)),
        averagePrice,
        price,
        previousClose,
      });
    }
  }
  return buildSnapshot({
    ...options,
    accounts: [{ displayNumber: '…9001', hash: 'LARGE0000000000000000000000000000000000000000000000000000000000001', type: 'MARGIN', cash: 250000, holdings }],
  });
}
