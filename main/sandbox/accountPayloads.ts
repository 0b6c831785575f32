// Renders valued accounts as Schwab's Trader API JSON: field sets and key order as in the real CASH and
// MARGIN captures (test/fixtures/schwab/account-*.json), long/short-specific position keys, instrument shapes
// by asset type.
import type { Account, AccountNumberHash, Position, UserPreference } from '../core/schwab/schemas';
import { STREAMER_CORREL_ID, customerId } from './ids';
import type { DemoAccount, Holding } from './portfolio';
import type { AccountValue, BalanceTotals, HoldingValue } from './valuation';

const usd = (cents: number): number => cents / 100;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

function instrument(h: Holding, netChangeCents: number): Position['instrument'] {
  const netChange = round4(netChangeCents / 100);
  switch (h.kind) {
    case 'EQUITY':
      return { assetType: 'EQUITY', cusip: h.cusip, symbol: h.symbol, netChange };
    case 'ETF':
      return { assetType: 'COLLECTIVE_INVESTMENT', cusip: h.cusip, symbol: h.symbol, description: h.description, type: 'EXCHANGE_TRADED_FUND' };
    case 'MUTUAL_FUND':
      return { assetType: 'MUTUAL_FUND', cusip: h.cusip, symbol: h.symbol, description: h.description };
    case 'MONEY_MARKET':
      return { assetType: 'CASH_EQUIVALENT', cusip: h.cusip, symbol: h.symbol, description: h.description, type: 'MONEY_MARKET_FUND' };
    case 'OPTION':
      return {
        assetType: 'OPTION',
        cusip: h.cusip,
        symbol: h.symbol,
        description: h.description,
        netChange,
        type: 'VANILLA',
        putCall: h.option!.putCall,
        underlyingSymbol: h.option!.underlying,
      };
  }
}

export function positionPayload(p: HoldingValue): Position {
  const h = p.holding;
  const isShort = h.shortQuantity > 0;
  const closeAbs = Math.abs(p.closeValueCents);
  const common = {
    shortQuantity: h.shortQuantity,
    averagePrice: h.averagePrice,
    currentDayProfitLoss: usd(p.dayPnLCents),
    currentDayProfitLossPercentage: closeAbs === 0 ? 0 : round2((p.dayPnLCents / closeAbs) * 100),
    longQuantity: h.longQuantity,
    settledLongQuantity: h.longQuantity,
    // Schwab reports the settled short quantity as a negative number.
    settledShortQuantity: h.shortQuantity === 0 ? 0 : -h.shortQuantity,
    instrument: instrument(h, p.priceCents - p.closeCents),
    marketValue: usd(p.marketValueCents),
    maintenanceRequirement: usd(p.maintenanceCents),
  };
  return isShort
    ? {
        ...common,
        averageShortPrice: round2(h.averagePrice),
        taxLotAverageShortPrice: h.averagePrice,
        shortOpenProfitLoss: usd(p.openPnLCents),
        previousSessionShortQuantity: h.shortQuantity,
        currentDayCost: 0,
      }
    : {
        ...common,
        averageLongPrice: round2(h.averagePrice),
        taxLotAverageLongPrice: h.averagePrice,
        longOpenProfitLoss: usd(p.openPnLCents),
        previousSessionLongQuantity: h.longQuantity,
        currentDayCost: 0,
      };
}

/** The 13 market-value fields both account types share at the top of currentBalances. */
function sharedCurrent(t: BalanceTotals): Record<string, number> {
  return {
    accruedInterest: 0,
    cashBalance: usd(t.cashCents),
    cashReceipts: 0,
    longOptionMarketValue: usd(t.longOptionMarketValueCents),
    liquidationValue: usd(t.liquidationValueCents),
    longMarketValue: usd(t.longMarketValueCents),
    moneyMarketFund: usd(t.moneyMarketFundCents),
    savings: 0,
    shortMarketValue: usd(t.shortMarketValueCents),
    pendingDeposits: 0,
    mutualFundValue: usd(t.mutualFundValueCents),
    bondValue: 0,
    shortOptionMarketValue: usd(t.shortOptionMarketValueCents),
  };
}

/** A margin call or day-trading state forced onto an account (tests, demos); amounts in cents. */
export interface MarginState {
  regTCallCents?: number;
  maintenanceCallCents?: number;
  dayTradingBuyingPowerCallCents?: number;
  /** Day trades in the last five business days (Schwab's roundTrips). */
  roundTrips?: number;
}

function marginBlocks(v: AccountValue, state: MarginState) {
  const c = v.current;
  const i = v.initial;
  const equityPct = (t: BalanceTotals): number =>
    t.cashCents >= 0 ? 100 : round2((t.equityCents / Math.max(1, t.longMarketValueCents)) * 100);
  // A call is whatever the book implies (equity below the requirement) or what was forced, whichever is larger;
  // every block that reports it says the same, and isInCall follows the amounts.
  const maintenanceCall = Math.max(0, c.maintenanceRequirementCents - c.equityCents, state.maintenanceCallCents ?? 0);
  const regTCall = Math.max(0, state.regTCallCents ?? 0);
  const dtbpCall = Math.max(0, state.dayTradingBuyingPowerCallCents ?? 0);
  const inCall = maintenanceCall > 0 || regTCall > 0 || dtbpCall > 0;
  const initialBalances = {
    accruedInterest: 0,
    availableFundsNonMarginableTrade: usd(i.availableFundsCents),
    bondValue: 0,
    buyingPower: usd(2 * i.availableFundsCents),
    cashBalance: usd(i.cashCents),
    cashAvailableForTrading: 0,
    cashReceipts: 0,
    dayTradingBuyingPower: usd(4 * i.availableFundsCents),
    dayTradingBuyingPowerCall: usd(dtbpCall),
    dayTradingEquityCall: 0,
    equity: usd(i.equityCents),
    equityPercentage: equityPct(i),
    liquidationValue: usd(i.liquidationValueCents),
    longMarginValue: usd(i.longStockValueCents),
    longOptionMarketValue: usd(i.longOptionMarketValueCents),
    longStockValue: usd(i.longStockValueCents),
    maintenanceCall: usd(maintenanceCall),
    maintenanceRequirement: usd(i.maintenanceRequirementCents),
    margin: usd(i.cashCents),
    marginEquity: usd(i.equityCents),
    moneyMarketFund: usd(i.moneyMarketFundCents),
    mutualFundValue: usd(i.mutualFundValueCents),
    regTCall: usd(regTCall),
    shortMarginValue: usd(i.shortMarketValueCents),
    shortOptionMarketValue: usd(i.shortOptionMarketValueCents),
    shortStockValue: usd(i.shortMarketValueCents),
    totalCash: 0,
    isInCall: inCall,
    pendingDeposits: 0,
    marginBalance: 0,
    shortBalance: 0,
    accountValue: usd(i.liquidationValueCents),
  };
  const currentBalances = {
    ...sharedCurrent(c),
    availableFunds: usd(c.availableFundsCents),
    availableFundsNonMarginableTrade: usd(c.availableFundsCents),
    buyingPower: usd(2 * c.availableFundsCents),
    buyingPowerNonMarginableTrade: usd(c.availableFundsCents),
    dayTradingBuyingPower: usd(4 * c.availableFundsCents),
    equity: usd(c.equityCents),
    equityPercentage: equityPct(c),
    longMarginValue: usd(c.longStockValueCents),
    maintenanceCall: usd(maintenanceCall),
    maintenanceRequirement: usd(c.maintenanceRequirementCents),
    marginBalance: 0,
    regTCall: usd(regTCall),
    shortBalance: 0,
    shortMarginValue: usd(c.shortMarketValueCents),
    sma: usd(c.availableFundsCents),
  };
  const projectedBalances = {
    availableFunds: usd(c.availableFundsCents),
    availableFundsNonMarginableTrade: usd(c.availableFundsCents),
    buyingPower: usd(2 * c.availableFundsCents),
    dayTradingBuyingPower: usd(4 * c.availableFundsCents),
    dayTradingBuyingPowerCall: usd(dtbpCall),
    maintenanceCall: usd(maintenanceCall),
    regTCall: usd(regTCall),
    isInCall: inCall,
    stockBuyingPower: usd(2 * c.availableFundsCents),
  };
  return { initialBalances, currentBalances, projectedBalances };
}

function cashBlocks(v: AccountValue) {
  const c = v.current;
  const i = v.initial;
  const initialBalances = {
    accruedInterest: 0,
    cashAvailableForTrading: usd(i.cashCents),
    cashAvailableForWithdrawal: usd(i.cashCents),
    cashBalance: usd(i.cashCents),
    bondValue: 0,
    cashReceipts: 0,
    liquidationValue: usd(i.liquidationValueCents),
    longOptionMarketValue: usd(i.longOptionMarketValueCents),
    longStockValue: usd(i.longStockValueCents + i.mutualFundValueCents),
    moneyMarketFund: usd(i.moneyMarketFundCents),
    mutualFundValue: usd(i.mutualFundValueCents),
    shortOptionMarketValue: usd(i.shortOptionMarketValueCents),
    shortStockValue: usd(i.shortMarketValueCents),
    isInCall: false,
    unsettledCash: 0,
    cashDebitCallValue: 0,
    pendingDeposits: 0,
    accountValue: usd(i.liquidationValueCents),
  };
  const currentBalances = {
    ...sharedCurrent(c),
    cashAvailableForTrading: usd(c.cashCents),
    cashAvailableForWithdrawal: usd(c.cashCents),
    cashCall: 0,
    // Real CASH captures report this equal to totalCash; kept that way.
    longNonMarginableMarketValue: usd(c.cashCents),
    totalCash: usd(c.cashCents),
    cashDebitCallValue: 0,
    unsettledCash: 0,
  };
  const projectedBalances = {
    cashAvailableForTrading: usd(c.cashCents),
    cashAvailableForWithdrawal: usd(c.cashCents),
  };
  return { initialBalances, currentBalances, projectedBalances };
}

export function accountPayload(v: AccountValue, withPositions: boolean, state: MarginState = {}): Account {
  const a = v.account;
  const blocks = a.type === 'MARGIN' ? marginBlocks(v, state) : cashBlocks(v);
  return {
    securitiesAccount: {
      type: a.type,
      accountNumber: a.accountNumber,
      roundTrips: a.type === 'MARGIN' ? (state.roundTrips ?? 0) : 0,
      isDayTrader: false,
      isClosingOnlyRestricted: false,
      pfcbFlag: false,
      ...(withPositions ? { positions: v.positions.map(positionPayload) } : {}),
      ...blocks,
    } as Account['securitiesAccount'],
    // Equal to the account's liquidation value, as in every single-account capture.
    aggregatedBalance: {
      currentLiquidationValue: usd(v.current.liquidationValueCents),
      liquidationValue: usd(v.current.liquidationValueCents),
    },
  };
}

export function accountNumbersPayload(accounts: DemoAccount[]): AccountNumberHash[] {
  return accounts.map((a) => ({ accountNumber: a.accountNumber, hashValue: a.hashValue }));
}

export function userPreferencePayload(accounts: DemoAccount[], seed: number, streamerUrl: string): UserPreference {
  return {
    accounts: accounts.map((a) => ({
      accountNumber: a.accountNumber,
      primaryAccount: a.primary,
      type: 'BROKERAGE',
      nickName: a.nickName,
      displayAcctId: `...${a.accountNumber.slice(-3)}`,
      autoPositionEffect: false,
      accountColor: a.color,
      lotSelectionMethod: 'FIFO',
    })),
    streamerInfo: [
      {
        streamerSocketUrl: streamerUrl,
        schwabClientCustomerId: customerId(seed),
        schwabClientCorrelId: STREAMER_CORREL_ID,
        schwabClientChannel: 'N9',
        schwabClientFunctionId: 'APIAPP',
      },
    ],
    offers: [{ level2Permissions: true, mktDataPermission: 'NP' }],
  };
}
