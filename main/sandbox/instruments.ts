// The securities the sandbox can hold and quote: real tickers, CUSIPs and names a trader recognises, with a
// starting price and an annual volatility for the random walk. Prices are in integer cents.

export type ListedKind = 'EQUITY' | 'ETF' | 'MUTUAL_FUND' | 'MONEY_MARKET' | 'INDEX';

export interface Listed {
  symbol: string;
  cusip: string;
  /** Issuer name as Schwab prints it (option descriptions reuse it). */
  name: string;
  kind: ListedKind;
  /** Previous close in cents (the walk starts from here). */
  closeCents: number;
  /** Annualised volatility used by the walk and the option model. */
  vol: number;
}

const e = (symbol: string, cusip: string, name: string, close: number, vol: number): Listed => ({
  symbol,
  cusip,
  name,
  kind: 'EQUITY',
  closeCents: Math.round(close * 100),
  vol,
});
const etf = (symbol: string, cusip: string, name: string, close: number, vol: number): Listed => ({
  ...e(symbol, cusip, name, close, vol),
  kind: 'ETF',
});

export const EQUITIES: readonly Listed[] = [
  e('AAPL', '037833100', 'APPLE INC', 228.52, 0.26),
  e('MSFT', '594918104', 'MICROSOFT CORP', 415.26, 0.24),
  e('NVDA', '67066G104', 'NVIDIA CORP', 134.7, 0.52),
  e('AMZN', '023135106', 'AMAZON.COM INC', 201.45, 0.32),
  e('GOOGL', '02079K305', 'ALPHABET INC', 176.13, 0.3),
  e('META', '30303M102', 'META PLATFORMS INC', 589.34, 0.36),
  e('TSLA', '88160R101', 'TESLA INC', 338.59, 0.62),
  e('JPM', '46625H100', 'JPMORGAN CHASE & CO', 241.35, 0.22),
  e('JNJ', '478160104', 'JOHNSON & JOHNSON', 154.83, 0.16),
  e('XOM', '30231G102', 'EXXON MOBIL CORP', 109.61, 0.22),
  e('KO', '191216100', 'COCA-COLA CO', 64.97, 0.15),
  e('PG', '742718109', 'PROCTER & GAMBLE CO', 165.42, 0.15),
  e('V', '92826C839', 'VISA INC', 312.08, 0.2),
  e('UNH', '91324P102', 'UNITEDHEALTH GROUP INC', 516.47, 0.28),
  e('HD', '437076102', 'HOME DEPOT INC', 401.79, 0.22),
  e('COST', '22160K105', 'COSTCO WHOLESALE CORP', 921.55, 0.21),
  e('AMD', '007903107', 'ADVANCED MICRO DEVICES INC', 124.6, 0.48),
  e('NFLX', '64110L106', 'NETFLIX INC', 879.13, 0.36),
  e('DIS', '254687106', 'WALT DISNEY CO', 111.87, 0.26),
  e('BA', '097023105', 'BOEING CO', 170.24, 0.34),
  e('WMT', '931142103', 'WALMART INC', 92.11, 0.18),
  e('INTC', '458140100', 'INTEL CORP', 20.41, 0.45),
  e('CSCO', '17275R102', 'CISCO SYSTEMS INC', 58.62, 0.2),
  e('PEP', '713448108', 'PEPSICO INC', 150.27, 0.16),
  e('MRK', '58933Y105', 'MERCK & CO INC', 99.94, 0.22),
  e('ABBV', '00287Y109', 'ABBVIE INC', 175.31, 0.24),
  e('CVX', '166764100', 'CHEVRON CORP', 149.8, 0.23),
  e('BAC', '060505104', 'BANK OF AMERICA CORP', 45.26, 0.27),
  e('T', '00206R102', 'AT&T INC', 22.94, 0.2),
  e('PFE', '717081103', 'PFIZER INC', 26.37, 0.24),
  e('ORCL', '68389X105', 'ORACLE CORP', 170.52, 0.34),
  e('CRM', '79466L302', 'SALESFORCE INC', 331.19, 0.33),
  e('ADBE', '00724F101', 'ADOBE INC', 441.9, 0.34),
  e('QCOM', '747525103', 'QUALCOMM INC', 159.66, 0.36),
  e('TXN', '882508104', 'TEXAS INSTRUMENTS INC', 189.45, 0.27),
  e('LLY', '532457108', 'ELI LILLY & CO', 801.18, 0.32),
  e('AVGO', '11135F101', 'BROADCOM INC', 229.7, 0.5),
  e('MCD', '580135101', "MCDONALD'S CORP", 289.43, 0.17),
  e('NKE', '654106103', 'NIKE INC', 75.48, 0.31),
  e('SBUX', '855244109', 'STARBUCKS CORP', 99.82, 0.27),
  e('GS', '38141G104', 'GOLDMAN SACHS GROUP INC', 581.7, 0.27),
  e('CAT', '149123101', 'CATERPILLAR INC', 361.35, 0.28),
  e('IBM', '459200101', 'INTERNATIONAL BUSINESS MACHS CORP', 224.81, 0.23),
  e('MU', '595112103', 'MICRON TECHNOLOGY INC', 99.62, 0.5),
  e('F', '345370860', 'FORD MOTOR CO', 10.12, 0.35),
  e('GM', '37045V100', 'GENERAL MOTORS CO', 50.36, 0.33),
  e('UBER', '90353T100', 'UBER TECHNOLOGIES INC', 70.15, 0.4),
  e('PYPL', '70450Y103', 'PAYPAL HOLDINGS INC', 85.47, 0.38),
  e('SHOP', '82509L107', 'SHOPIFY INC', 110.33, 0.52),
  e('PLTR', '69608A108', 'PALANTIR TECHNOLOGIES INC', 78.92, 0.7),
];

export const ETFS: readonly Listed[] = [
  etf('SPY', '78462F103', 'SPDR S&P 500 ETF', 591.95, 0.15),
  etf('QQQ', '46090E103', 'INVESCO QQQ TR UNIT SER 1', 511.23, 0.2),
  etf('VTI', '922908769', 'VANGUARD TOTAL STOCK MARKET ETF', 295.63, 0.16),
  etf('IWM', '464287655', 'ISHARES RUSSELL 2000 ETF', 224.91, 0.22),
  etf('SCHD', '808524797', 'SCHWAB US DIVIDEND EQUITY ETF', 27.88, 0.13),
  etf('VOO', '922908363', 'VANGUARD S&P 500 ETF', 544.12, 0.15),
  etf('GLD', '78463V107', 'SPDR GOLD SHARES', 245.42, 0.14),
  etf('TLT', '464287432', 'ISHARES 20+ YEAR TREASURY BOND ETF', 88.17, 0.16),
  etf('XLF', '81369Y605', 'FINANCIAL SELECT SECTOR SPDR FUND', 48.31, 0.18),
  etf('SCHX', '808524201', 'SCHWAB US LARGE-CAP ETF', 23.46, 0.15),
];

/** Priced once a day (NAV): they do not move during the session. */
export const MUTUAL_FUNDS: readonly Listed[] = [
  { symbol: 'SWPPX', cusip: '808509855', name: 'SCHWAB S&P 500 INDEX', kind: 'MUTUAL_FUND', closeCents: 9361, vol: 0 },
  { symbol: 'VFIAX', cusip: '922908710', name: 'VANGUARD 500 INDEX ADMIRAL', kind: 'MUTUAL_FUND', closeCents: 54412, vol: 0 },
  { symbol: 'FXAIX', cusip: '315911750', name: 'FIDELITY 500 INDEX', kind: 'MUTUAL_FUND', closeCents: 20637, vol: 0 },
  { symbol: 'SWTSX', cusip: '808509756', name: 'SCHWAB TOTAL STOCK MARKET INDEX', kind: 'MUTUAL_FUND', closeCents: 1698, vol: 0 },
];

/** Money market funds are held at $1.00 a share. */
export const MONEY_MARKETS: readonly Listed[] = [
  { symbol: 'SWVXX', cusip: '808515878', name: 'SCHWAB VALUE ADVANTAGE MONEY INV', kind: 'MONEY_MARKET', closeCents: 100, vol: 0 },
  { symbol: 'SNOXX', cusip: '808515720', name: 'SCHWAB TREASURY OBLIGATIONS MONEY INV', kind: 'MONEY_MARKET', closeCents: 100, vol: 0 },
];

/** Quotable, never held. */
export const INDICES: readonly Listed[] = [
  { symbol: '$SPX', cusip: '', name: 'S&P 500 INDEX', kind: 'INDEX', closeCents: 595087, vol: 0.15 },
  { symbol: '$DJI', cusip: '', name: 'DOW JONES INDUSTRIAL AVERAGE', kind: 'INDEX', closeCents: 4382814, vol: 0.13 },
  { symbol: '$COMPX', cusip: '', name: 'NASDAQ COMPOSITE', kind: 'INDEX', closeCents: 1951296, vol: 0.19 },
];

export const ALL_LISTED: readonly Listed[] = [...EQUITIES, ...ETFS, ...MUTUAL_FUNDS, ...MONEY_MARKETS, ...INDICES];

const BY_SYMBOL = new Map(ALL_LISTED.map((l) => [l.symbol, l]));

export function listed(symbol: string): Listed {
  const l = BY_SYMBOL.get(symbol);
  if (!l) throw new Error(`unknown sandbox symbol ${symbol}`);
  return l;
}
