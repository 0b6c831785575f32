// One definition of every Schwab payload Arbion reads, shared by the HTTP client and the sandbox's
// contract tests, so the fake and reality are held to the same shapes.
//
// Rules (from the real samples in test/fixtures/schwab/, see SOURCES.md there):
// - unknown fields are tolerated (z.looseObject) — Schwab adds fields without notice;
// - anything real payloads sometimes omit is optional; only what the portfolio math needs is required
//   (account type/number, currentBalances.liquidationValue, position quantities, marketValue,
//   instrument.symbol and assetType);
// - numbers stay numbers (Schwab sends both `0` and `0.0`; JSON.parse makes them the same).
import { z } from 'zod';

const num = z.number();
const optNum = num.optional();
/** Real data sends `isInCall` as a boolean although the spec types it as a number; accept both. */
const flag = z.union([z.boolean(), z.number()]).optional();

// ---------------------------------------------------------------------------------------------
// OAuth (POST /v1/oauth/token)

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/**
 * Refresh-grant response. Schwab's documented example repeats `refresh_token`, but some clients fall
 * back to the old one when it is absent, so it is optional here.
 */
export const RefreshTokenResponseSchema = TokenResponseSchema.extend({
  refresh_token: z.string().min(1).optional(),
});
export type RefreshTokenResponse = z.infer<typeof RefreshTokenResponseSchema>;

/** `{error, error_description}` — e.g. 401 invalid_client/Unauthorized, 400 unsupported_token_type. */
export const OAuthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});
export type OAuthError = z.infer<typeof OAuthErrorSchema>;

/**
 * A rejected refresh token comes back as 400 `unsupported_token_type` whose description embeds a second,
 * string-escaped OAuth error (`refresh_token_authentication_error`). Returns that inner error, if any.
 */
export function parseNestedOAuthError(outer: OAuthError): OAuthError | undefined {
  const text = outer.error_description;
  if (!text) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const inner = OAuthErrorSchema.safeParse(JSON.parse(text.slice(start, end + 1)));
    return inner.success ? inner.data : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Error bodies of the APIs

/** Trader API ServiceError: `{message, errors?: string[]}` (observed: `{"message":"Invalid account number"}`). */
export const TraderErrorSchema = z.looseObject({
  message: z.string(),
  errors: z.array(z.string()).optional(),
});
export type TraderError = z.infer<typeof TraderErrorSchema>;

/** Market Data errors: `{errors:[{id, status, title, detail?, source?}]}`; status is a string or a number. */
export const MarketDataErrorSchema = z.looseObject({
  errors: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        status: z.union([z.string(), z.number()]),
        title: z.string(),
        detail: z.string().optional(),
        source: z.looseObject({}).optional(),
      }),
    )
    .min(1),
});
export type MarketDataError = z.infer<typeof MarketDataErrorSchema>;

export const SchwabErrorBodySchema = z.union([TraderErrorSchema, MarketDataErrorSchema, OAuthErrorSchema]);
export type SchwabErrorBody = z.infer<typeof SchwabErrorBodySchema>;

/** The human-readable part of any Schwab error body, or undefined when the body is not one. */
export function schwabErrorMessage(body: unknown): string | undefined {
  const parsed = SchwabErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  if ('message' in b && typeof b.message === 'string') return b.message;
  if ('error' in b && typeof b.error === 'string') {
    const inner = parseNestedOAuthError(b as OAuthError);
    return inner ? `${b.error}: ${inner.error}` : b.error_description ? `${b.error}: ${b.error_description}` : b.error;
  }
  if ('errors' in b && Array.isArray(b.errors)) {
    const first = b.errors[0];
    if (first && typeof first === 'object' && 'title' in first) {
      return first.detail ? `${first.title}: ${first.detail}` : first.title;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Trader API: GET /trader/v1/accounts/accountNumbers

export const AccountNumberHashSchema = z.looseObject({
  accountNumber: z.string().min(1),
  hashValue: z.string().min(1),
});
export const AccountNumbersSchema = z.array(AccountNumberHashSchema);
export type AccountNumberHash = z.infer<typeof AccountNumberHashSchema>;

// ---------------------------------------------------------------------------------------------
// Trader API: positions

/** Asset types Schwab documents for account instruments; others (FUTURE, FOREX, …) are tolerated. */
export const KNOWN_ASSET_TYPES = [
  'EQUITY',
  'OPTION',
  'INDEX',
  'MUTUAL_FUND',
  'CASH_EQUIVALENT',
  'FIXED_INCOME',
  'CURRENCY',
  'COLLECTIVE_INVESTMENT',
] as const;
export type KnownAssetType = (typeof KNOWN_ASSET_TYPES)[number];

export const InstrumentSchema = z.looseObject({
  assetType: z.string().min(1),
  symbol: z.string().min(1),
  cusip: z.string().optional(),
  description: z.string().optional(),
  instrumentId: optNum,
  netChange: optNum,
  /** VANILLA for options, EXCHANGE_TRADED_FUND for ETFs, SWEEP_VEHICLE/MONEY_MARKET_FUND/… for cash equivalents. */
  type: z.string().optional(),
  putCall: z.enum(['PUT', 'CALL']).optional(),
  underlyingSymbol: z.string().optional(),
  optionMultiplier: optNum,
  maturityDate: z.string().optional(),
  factor: optNum,
  variableRate: optNum,
});
export type Instrument = z.infer<typeof InstrumentSchema>;

export const PositionSchema = z.looseObject({
  shortQuantity: num,
  longQuantity: num,
  /** Already ×100 for options; negative for shorts. */
  marketValue: num,
  instrument: InstrumentSchema,
  averagePrice: optNum,
  currentDayProfitLoss: optNum,
  currentDayProfitLossPercentage: optNum,
  settledLongQuantity: optNum,
  /** Negative for shorts in real data. */
  settledShortQuantity: optNum,
  agedQuantity: optNum,
  maintenanceRequirement: optNum,
  averageLongPrice: optNum,
  taxLotAverageLongPrice: optNum,
  longOpenProfitLoss: optNum,
  previousSessionLongQuantity: optNum,
  averageShortPrice: optNum,
  taxLotAverageShortPrice: optNum,
  shortOpenProfitLoss: optNum,
  previousSessionShortQuantity: optNum,
  currentDayCost: optNum,
});
export type Position = z.infer<typeof PositionSchema>;

// ---------------------------------------------------------------------------------------------
// Trader API: balances (field sets as observed in real CASH and MARGIN payloads, test/fixtures/schwab/account-*.json)

/** The 13 "market value" fields both account types share at the top of currentBalances. */
const sharedCurrent = {
  accruedInterest: optNum,
  cashBalance: optNum,
  cashReceipts: optNum,
  longOptionMarketValue: optNum,
  /** The account's value — the one balance the portfolio math cannot do without. */
  liquidationValue: num,
  longMarketValue: optNum,
  moneyMarketFund: optNum,
  savings: optNum,
  shortMarketValue: optNum,
  pendingDeposits: optNum,
  mutualFundValue: optNum,
  bondValue: optNum,
  shortOptionMarketValue: optNum,
};

export const MarginInitialBalancesSchema = z.looseObject({
  accruedInterest: optNum,
  availableFundsNonMarginableTrade: optNum,
  bondValue: optNum,
  buyingPower: optNum,
  cashBalance: optNum,
  cashAvailableForTrading: optNum,
  cashReceipts: optNum,
  dayTradingBuyingPower: optNum,
  dayTradingBuyingPowerCall: optNum,
  dayTradingEquityCall: optNum,
  equity: optNum,
  equityPercentage: optNum,
  liquidationValue: optNum,
  longMarginValue: optNum,
  longOptionMarketValue: optNum,
  longStockValue: optNum,
  maintenanceCall: optNum,
  maintenanceRequirement: optNum,
  margin: optNum,
  marginEquity: optNum,
  moneyMarketFund: optNum,
  mutualFundValue: optNum,
  regTCall: optNum,
  shortMarginValue: optNum,
  shortOptionMarketValue: optNum,
  shortStockValue: optNum,
  totalCash: optNum,
  isInCall: flag,
  unsettledCash: optNum,
  pendingDeposits: optNum,
  marginBalance: optNum,
  shortBalance: optNum,
  accountValue: optNum,
});

export const MarginCurrentBalancesSchema = z.looseObject({
  ...sharedCurrent,
  availableFunds: optNum,
  availableFundsNonMarginableTrade: optNum,
  buyingPower: optNum,
  buyingPowerNonMarginableTrade: optNum,
  dayTradingBuyingPower: optNum,
  equity: optNum,
  equityPercentage: optNum,
  longMarginValue: optNum,
  maintenanceCall: optNum,
  maintenanceRequirement: optNum,
  marginBalance: optNum,
  regTCall: optNum,
  shortBalance: optNum,
  shortMarginValue: optNum,
  sma: optNum,
  /** In Schwab's spec (MarginBalance) but in no real capture; read where sent. */
  optionBuyingPower: optNum,
});

export const MarginProjectedBalancesSchema = z.looseObject({
  availableFunds: optNum,
  availableFundsNonMarginableTrade: optNum,
  buyingPower: optNum,
  dayTradingBuyingPower: optNum,
  dayTradingBuyingPowerCall: optNum,
  maintenanceCall: optNum,
  regTCall: optNum,
  isInCall: flag,
  stockBuyingPower: optNum,
  /** In Schwab's spec but in no real capture; read where sent. */
  optionBuyingPower: optNum,
});

export const CashInitialBalancesSchema = z.looseObject({
  accruedInterest: optNum,
  cashAvailableForTrading: optNum,
  cashAvailableForWithdrawal: optNum,
  cashBalance: optNum,
  bondValue: optNum,
  cashReceipts: optNum,
  liquidationValue: optNum,
  longOptionMarketValue: optNum,
  longStockValue: optNum,
  moneyMarketFund: optNum,
  mutualFundValue: optNum,
  shortOptionMarketValue: optNum,
  shortStockValue: optNum,
  isInCall: flag,
  unsettledCash: optNum,
  cashDebitCallValue: optNum,
  pendingDeposits: optNum,
  accountValue: optNum,
});

export const CashCurrentBalancesSchema = z.looseObject({
  ...sharedCurrent,
  cashAvailableForTrading: optNum,
  cashAvailableForWithdrawal: optNum,
  cashCall: optNum,
  longNonMarginableMarketValue: optNum,
  totalCash: optNum,
  cashDebitCallValue: optNum,
  unsettledCash: optNum,
});

export const CashProjectedBalancesSchema = z.looseObject({
  cashAvailableForTrading: optNum,
  cashAvailableForWithdrawal: optNum,
});

export type MarginInitialBalances = z.infer<typeof MarginInitialBalancesSchema>;
export type MarginCurrentBalances = z.infer<typeof MarginCurrentBalancesSchema>;
export type MarginProjectedBalances = z.infer<typeof MarginProjectedBalancesSchema>;
export type CashInitialBalances = z.infer<typeof CashInitialBalancesSchema>;
export type CashCurrentBalances = z.infer<typeof CashCurrentBalancesSchema>;
export type CashProjectedBalances = z.infer<typeof CashProjectedBalancesSchema>;

// ---------------------------------------------------------------------------------------------
// Trader API: GET /trader/v1/accounts[/{hash}][?fields=positions]

const accountCommon = {
  /** The plain account number (a string); paths take the hash from accountNumbers instead. */
  accountNumber: z.string().min(1),
  roundTrips: optNum,
  isDayTrader: z.boolean().optional(),
  isClosingOnlyRestricted: z.boolean().optional(),
  pfcbFlag: z.boolean().optional(),
  isForeign: z.boolean().optional(),
  /** Present only when the request said `fields=positions`. */
  positions: z.array(PositionSchema).optional(),
};

export const MarginSecuritiesAccountSchema = z.looseObject({
  type: z.literal('MARGIN'),
  ...accountCommon,
  initialBalances: MarginInitialBalancesSchema.optional(),
  currentBalances: MarginCurrentBalancesSchema,
  projectedBalances: MarginProjectedBalancesSchema.optional(),
});

export const CashSecuritiesAccountSchema = z.looseObject({
  type: z.literal('CASH'),
  ...accountCommon,
  initialBalances: CashInitialBalancesSchema.optional(),
  currentBalances: CashCurrentBalancesSchema,
  projectedBalances: CashProjectedBalancesSchema.optional(),
});

export const SecuritiesAccountSchema = z.discriminatedUnion('type', [
  MarginSecuritiesAccountSchema,
  CashSecuritiesAccountSchema,
]);
export type MarginSecuritiesAccount = z.infer<typeof MarginSecuritiesAccountSchema>;
export type CashSecuritiesAccount = z.infer<typeof CashSecuritiesAccountSchema>;
export type SecuritiesAccount = z.infer<typeof SecuritiesAccountSchema>;
export type AccountType = SecuritiesAccount['type'];

/** Sibling of securitiesAccount in real payloads (absent from the spec and from some captures). */
export const AggregatedBalanceSchema = z.looseObject({
  currentLiquidationValue: optNum,
  liquidationValue: optNum,
});

export const AccountSchema = z.looseObject({
  securitiesAccount: SecuritiesAccountSchema,
  aggregatedBalance: AggregatedBalanceSchema.optional(),
});
export const AccountsSchema = z.array(AccountSchema);
export type Account = z.infer<typeof AccountSchema>;

// ---------------------------------------------------------------------------------------------
// Trader API: GET /trader/v1/userPreference (an object in reality; the spec says array)

export const UserPreferenceAccountSchema = z.looseObject({
  accountNumber: z.string().min(1),
  primaryAccount: z.boolean().optional(),
  type: z.string().optional(),
  nickName: z.string().optional(),
  displayAcctId: z.string().optional(),
  autoPositionEffect: z.boolean().optional(),
  accountColor: z.string().optional(),
  lotSelectionMethod: z.string().optional(),
});

export const StreamerInfoSchema = z.looseObject({
  streamerSocketUrl: z.string(),
  schwabClientCustomerId: z.string(),
  schwabClientCorrelId: z.string(),
  schwabClientChannel: z.string(),
  schwabClientFunctionId: z.string(),
});

export const UserPreferenceSchema = z.looseObject({
  accounts: z.array(UserPreferenceAccountSchema),
  streamerInfo: z.array(StreamerInfoSchema).optional(),
  offers: z
    .array(z.looseObject({ level2Permissions: z.boolean().optional(), mktDataPermission: z.string().optional() }))
    .optional(),
});
export type UserPreference = z.infer<typeof UserPreferenceSchema>;
export type UserPreferenceAccount = z.infer<typeof UserPreferenceAccountSchema>;

// ---------------------------------------------------------------------------------------------
// Market Data: GET /marketdata/v1/quotes?symbols=… (a map symbol → quote, plus "errors" for bad symbols)

export const QuoteBlockSchema = z.looseObject({
  lastPrice: optNum,
  closePrice: optNum,
  netChange: optNum,
  netPercentChange: optNum,
  mark: optNum,
  markChange: optNum,
  markPercentChange: optNum,
  bidPrice: optNum,
  askPrice: optNum,
  bidSize: optNum,
  askSize: optNum,
  openPrice: optNum,
  highPrice: optNum,
  lowPrice: optNum,
  '52WeekHigh': optNum,
  '52WeekLow': optNum,
  totalVolume: optNum,
  quoteTime: optNum,
  tradeTime: optNum,
  nAV: optNum,
  underlyingPrice: optNum,
  // Options only: per share, theta per calendar day, volatility (implied) in percent.
  delta: optNum,
  theta: optNum,
  volatility: optNum,
  securityStatus: z.string().optional(),
});

export const QuoteReferenceSchema = z.looseObject({
  cusip: z.string().optional(),
  description: z.string().optional(),
  exchange: z.string().optional(),
  exchangeName: z.string().optional(),
});

export const QuoteEntrySchema = z.looseObject({
  symbol: z.string().min(1),
  assetMainType: z.string().min(1),
  assetSubType: z.string().optional(),
  quoteType: z.string().optional(),
  realtime: z.boolean().optional(),
  ssid: optNum,
  /** Absent when the request's `fields` leaves out "quote". */
  quote: QuoteBlockSchema.optional(),
  reference: QuoteReferenceSchema.optional(),
  regular: z.looseObject({}).optional(),
  fundamental: z.looseObject({}).optional(),
  extended: z.looseObject({}).optional(),
});
export type QuoteBlock = z.infer<typeof QuoteBlockSchema>;
export type QuoteEntry = z.infer<typeof QuoteEntrySchema>;

/** Unknown symbols do not fail the call; they are listed under the top-level key "errors". */
export const QuoteErrorSchema = z.looseObject({
  invalidSymbols: z.array(z.string()).optional(),
  invalidCusips: z.array(z.string()).optional(),
  invalidSSIDs: z.array(z.number()).optional(),
});
export type QuoteError = z.infer<typeof QuoteErrorSchema>;

export const QuotesResponseSchema = z
  .object({ errors: QuoteErrorSchema.optional() })
  .catchall(QuoteEntrySchema);
export type QuotesResponse = z.infer<typeof QuotesResponseSchema>;

/** The quote entries of a quotes response without the "errors" entry. */
export function quoteEntries(res: QuotesResponse): Array<[string, QuoteEntry]> {
  return Object.entries(res).filter((e): e is [string, QuoteEntry] => e[0] !== 'errors');
}
