// Equity options as Schwab writes them: the 21-char OSI symbol (root padded to 6 + YYMMDD + C/P + strike×1000
// in 8 digits), the "0ROOT.<month><day><year><strike>" CUSIP, the "NAME MM/DD/YYYY $K Call" description,
// and a Black–Scholes price so option marks follow their underlying.

export type PutCall = 'PUT' | 'CALL';

export interface OptionContract {
  symbol: string;
  cusip: string;
  description: string;
  underlying: string;
  putCall: PutCall;
  /** Strike in cents. */
  strikeCents: number;
  /** Expiration as an ISO date (YYYY-MM-DD). */
  expiration: string;
  multiplier: 100;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Third Friday of the month `monthsAhead` after the month of `fromMs` (UTC), as YYYY-MM-DD. */
export function monthlyExpiration(fromMs: number, monthsAhead: number): string {
  const from = new Date(fromMs);
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + monthsAhead, 1));
  const firstFriday = 1 + ((5 - first.getUTCDay() + 7) % 7);
  const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), firstFriday + 14));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** "$210", "$12.5" — as in Schwab's option descriptions. */
const strikeText = (strikeCents: number): string => String(strikeCents / 100);

export function makeOption(
  underlying: string,
  underlyingName: string,
  expiration: string,
  putCall: PutCall,
  strikeCents: number,
): OptionContract {
  const [yyyy, mm, dd] = expiration.split('-') as [string, string, string];
  const month = Number(mm);
  const day = Number(dd);
  const strikeMillis = strikeCents * 10; // strike × 1000
  const symbol = `${underlying.padEnd(6, ' ')}${yyyy.slice(2)}${mm}${dd}${putCall === 'CALL' ? 'C' : 'P'}${String(strikeMillis).padStart(8, '0')}`;
  // Month letter: A–L calls, M–X puts; day 1–9 as digits, 10–31 as A–V; then the year's last digit.
  const monthCode = String.fromCharCode((putCall === 'CALL' ? 64 : 76) + month);
  const dayCode = day < 10 ? String(day) : String.fromCharCode(55 + day);
  const cusip = `0${underlying.padEnd(5, '.')}${monthCode}${dayCode}${yyyy.slice(3)}${String(strikeMillis).padStart(7, '0')}`;
  const description = `${underlyingName} ${mm}/${dd}/${yyyy} $${strikeText(strikeCents)} ${putCall === 'CALL' ? 'Call' : 'Put'}`;
  return { symbol, cusip, description, underlying, putCall, strikeCents, expiration, multiplier: 100 };
}

/** Strike grid step (cents) for an underlying price. */
export function strikeStep(priceCents: number): number {
  if (priceCents < 2500) return 50;
  if (priceCents < 10000) return 100;
  if (priceCents < 25000) return 250;
  if (priceCents < 50000) return 500;
  return 1000;
}

/** The strike `steps` grid steps away from the money (negative = below). */
export function strikeNear(priceCents: number, steps: number): number {
  const step = strikeStep(priceCents);
  const atm = Math.round(priceCents / step) * step;
  return Math.max(step, atm + steps * step);
}

// Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): plenty for demo prices.
function normCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export interface OptionValue {
  /** Price per share in cents (≥ 1). */
  priceCents: number;
  delta: number;
}

/** The greeks the Streamer sends for an option: per share, theta per calendar day, vega per volatility point. */
export interface OptionGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  /** The volatility priced with, in percent (as Schwab sends implied volatility). */
  impliedVolatility: number;
}

const RATE = 0.04;

interface PricingInputs {
  S: number;
  K: number;
  T: number;
  sigma: number;
  d1: number;
  d2: number;
  disc: number;
}

function pricingInputs(contract: OptionContract, underlyingCents: number, vol: number, nowMs: number): PricingInputs {
  const S = underlyingCents / 100;
  const K = contract.strikeCents / 100;
  const expiryMs = Date.parse(`${contract.expiration}T21:00:00Z`);
  const T = Math.max((expiryMs - nowMs) / (365 * 86_400_000), 1 / (365 * 24));
  const sigma = Math.max(vol, 0.05);
  const d1 = (Math.log(S / K) + (RATE + (sigma * sigma) / 2) * T) / (sigma * Math.sqrt(T));
  const d2 = d1 - sigma * Math.sqrt(T);
  return { S, K, T, sigma, d1, d2, disc: Math.exp(-RATE * T) };
}

/** Black–Scholes value per share, r = 4 %, at least one cent (options trade in pennies). */
export function optionValue(
  contract: OptionContract,
  underlyingCents: number,
  vol: number,
  nowMs: number,
): OptionValue {
  const { S, K, d1, d2, disc } = pricingInputs(contract, underlyingCents, vol, nowMs);
  const value =
    contract.putCall === 'CALL' ? S * normCdf(d1) - K * disc * normCdf(d2) : K * disc * normCdf(-d2) - S * normCdf(-d1);
  const delta = contract.putCall === 'CALL' ? normCdf(d1) : normCdf(d1) - 1;
  return { priceCents: Math.max(1, Math.round(value * 100)), delta };
}

export function optionGreeks(contract: OptionContract, underlyingCents: number, vol: number, nowMs: number): OptionGreeks {
  const { S, K, T, sigma, d1, d2, disc } = pricingInputs(contract, underlyingCents, vol, nowMs);
  const pdf = Math.exp(-(d1 * d1) / 2) / Math.sqrt(2 * Math.PI);
  const decay = -(S * pdf * sigma) / (2 * Math.sqrt(T));
  const carry = contract.putCall === 'CALL' ? -RATE * K * disc * normCdf(d2) : RATE * K * disc * normCdf(-d2);
  return {
    delta: contract.putCall === 'CALL' ? normCdf(d1) : normCdf(d1) - 1,
    gamma: pdf / (S * sigma * Math.sqrt(T)),
    theta: (decay + carry) / 365,
    vega: (S * pdf * Math.sqrt(T)) / 100,
    impliedVolatility: sigma * 100,
  };
}

export function daysToExpiration(contract: OptionContract, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(`${contract.expiration}T21:00:00Z`) - nowMs) / 86_400_000));
}
