// Prices for everything the sandbox quotes. Listed securities follow a seeded, mean-reverting random walk
// around their previous close (one step per tick); mutual and money-market funds hold their NAV for the
// session; option marks are Black–Scholes values of their underlying, so they move together.
import { ALL_LISTED, type Listed } from './instruments';
import { optionGreeks, optionValue, type OptionContract, type OptionGreeks } from './options';
import type { Random } from './random';

export interface PriceState {
  symbol: string;
  /** Current (last) price in cents. */
  lastCents: number;
  /** Previous session close in cents — the base of net change and day P&L. */
  closeCents: number;
  openCents: number;
  highCents: number;
  lowCents: number;
  high52Cents: number;
  low52Cents: number;
  totalVolume: number;
  lastSize: number;
  tradeTimeMs: number;
  /** Option delta (options only). */
  delta?: number;
}

/** Step size relative to annual volatility: lively enough to watch, calm enough to stay plausible. */
const STEP_VOL_SCALE = 0.006;
/** Pull back toward the previous close per step, so long demos stay within a trading day's range. */
const MEAN_REVERSION = 0.002;

export class Market {
  private readonly states = new Map<string, PriceState>();
  private readonly listedBySymbol = new Map<string, Listed>();
  private readonly options = new Map<string, { contract: OptionContract; vol: number }>();
  private readonly walkers: Listed[];
  ticks = 0;

  constructor(
    private readonly rng: Random,
    /** Session start: option values are priced at this instant, so they don't decay while the demo runs. */
    readonly sessionStartMs: number,
  ) {
    for (const l of ALL_LISTED) {
      this.listedBySymbol.set(l.symbol, l);
      // Opening gap: the session starts a little away from yesterday's close.
      const gap = l.vol > 0 ? Math.exp(this.rng.normal() * l.vol * 0.03) : 1;
      const open = Math.max(1, Math.round(l.closeCents * gap));
      // Funds don't move intraday but did over the year; money markets sit at $1.00.
      const range = l.kind === 'MUTUAL_FUND' ? 0.15 : l.vol;
      this.states.set(l.symbol, {
        symbol: l.symbol,
        lastCents: open,
        closeCents: l.closeCents,
        openCents: open,
        highCents: Math.max(open, l.closeCents),
        lowCents: Math.min(open, l.closeCents),
        high52Cents: Math.round(l.closeCents * (1 + range * (0.5 + this.rng.next()))),
        low52Cents: Math.round(l.closeCents * (1 - range * (0.4 + this.rng.next() * 0.6))),
        totalVolume: l.kind === 'EQUITY' || l.kind === 'ETF' ? this.rng.int(200_000, 5_000_000) : 0,
        lastSize: 100,
        tradeTimeMs: sessionStartMs,
      });
    }
    this.walkers = ALL_LISTED.filter((l) => l.vol > 0);
  }

  listed(symbol: string): Listed | undefined {
    return this.listedBySymbol.get(symbol);
  }

  option(symbol: string): OptionContract | undefined {
    return this.options.get(symbol)?.contract;
  }

  /** Greeks at the current underlying price, priced at the session start like the option's value. */
  greeks(symbol: string): OptionGreeks | undefined {
    const o = this.options.get(symbol);
    if (!o) return undefined;
    return optionGreeks(o.contract, this.price(o.contract.underlying), o.vol, this.sessionStartMs);
  }

  /** Makes an option quotable and priced; its close is its value at yesterday's underlying close. */
  addOption(contract: OptionContract): void {
    if (this.options.has(contract.symbol)) return;
    const under = this.listedBySymbol.get(contract.underlying);
    if (!under) throw new Error(`option on unknown underlying ${contract.underlying}`);
    this.options.set(contract.symbol, { contract, vol: under.vol });
    const close = optionValue(contract, under.closeCents, under.vol, this.sessionStartMs);
    const now = optionValue(contract, this.price(contract.underlying), under.vol, this.sessionStartMs);
    this.states.set(contract.symbol, {
      symbol: contract.symbol,
      lastCents: now.priceCents,
      closeCents: close.priceCents,
      openCents: now.priceCents,
      highCents: Math.max(now.priceCents, close.priceCents),
      lowCents: Math.min(now.priceCents, close.priceCents),
      high52Cents: Math.round(Math.max(now.priceCents, close.priceCents) * 2.5),
      low52Cents: Math.max(1, Math.round(Math.min(now.priceCents, close.priceCents) * 0.3)),
      totalVolume: this.rng.int(10, 5000),
      lastSize: 1,
      tradeTimeMs: this.sessionStartMs,
      delta: now.delta,
    });
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  state(symbol: string): PriceState {
    const s = this.states.get(symbol);
    if (!s) throw new Error(`no price for ${symbol}`);
    return s;
  }

  price(symbol: string): number {
    return this.state(symbol).lastCents;
  }

  close(symbol: string): number {
    return this.state(symbol).closeCents;
  }

  symbols(): string[] {
    return [...this.states.keys()];
  }

  /** One step of the walk for every listed security, then re-price every option. */
  tick(nowMs: number): void {
    this.ticks += 1;
    const marketShock = this.rng.normal();
    for (const l of this.walkers) {
      const beta = l.kind === 'INDEX' ? 1 : 0.6;
      const shock = beta * marketShock + Math.sqrt(1 - beta * beta) * this.rng.normal();
      this.step(l, shock, nowMs, l.kind === 'INDEX' ? 0 : this.rng.int(1, 20) * 100);
    }
    this.repriceOptions(nowMs, () => true, this.rng);
  }

  /**
   * One step of the walk for a few listed securities only (and the options on them), drawn from `rng`, so
   * a fast stream tick moves some prices often without disturbing the seeded path of `tick`.
   */
  walk(symbols: readonly string[], nowMs: number, rng: Random): void {
    const moved = new Set<string>();
    for (const symbol of symbols) {
      const l = this.listedBySymbol.get(symbol);
      if (!l || l.vol <= 0 || l.kind === 'INDEX') continue;
      this.step(l, rng.normal(), nowMs, rng.int(1, 20) * 100);
      moved.add(symbol);
    }
    if (moved.size > 0) this.ticks += 1;
    this.repriceOptions(nowMs, (c) => moved.has(c.underlying), rng);
  }

  /** Moves one listed security's last price by `deltaCents` (and re-prices the options on it). */
  move(symbol: string, deltaCents: number, nowMs: number): void {
    const l = this.listedBySymbol.get(symbol);
    if (!l || l.kind === 'MUTUAL_FUND' || l.kind === 'MONEY_MARKET') throw new Error(`move: ${symbol} is not a listed security the sandbox walks`);
    const s = this.state(symbol);
    this.ticks += 1;
    this.record(s, Math.max(1, s.lastCents + Math.round(deltaCents)), nowMs, 100);
    this.repriceOptions(nowMs, (c) => c.underlying === symbol, this.rng);
  }

  private step(l: Listed, shock: number, nowMs: number, size: number): void {
    const s = this.states.get(l.symbol)!;
    const pull = -MEAN_REVERSION * Math.log(s.lastCents / s.closeCents);
    const next = Math.max(1, Math.round(s.lastCents * Math.exp(pull + l.vol * STEP_VOL_SCALE * shock)));
    this.record(s, next, nowMs, size);
  }

  private repriceOptions(nowMs: number, which: (c: OptionContract) => boolean, rng: Random): void {
    for (const { contract, vol } of this.options.values()) {
      if (!which(contract)) continue;
      const s = this.states.get(contract.symbol)!;
      const v = optionValue(contract, this.price(contract.underlying), vol, this.sessionStartMs);
      s.delta = v.delta;
      this.record(s, v.priceCents, nowMs, rng.int(0, 3));
    }
  }

  /**
   * Test hook: puts a listed security's last price at `priceCents` (and re-prices its options), so a test can
   * walk a price across a level deterministically.
   */
  setPrice(symbol: string, priceCents: number, nowMs: number): void {
    const l = this.listedBySymbol.get(symbol);
    if (!l) throw new Error(`setPrice: ${symbol} is not a listed security of the sandbox`);
    if (!Number.isInteger(priceCents) || priceCents <= 0) throw new Error(`setPrice: ${priceCents} is not a positive number of cents`);
    this.record(this.states.get(symbol)!, priceCents, nowMs, 100);
    for (const { contract, vol } of this.options.values()) {
      if (contract.underlying !== symbol) continue;
      const v = optionValue(contract, priceCents, vol, this.sessionStartMs);
      const s = this.states.get(contract.symbol)!;
      s.delta = v.delta;
      this.record(s, v.priceCents, nowMs, 1);
    }
  }

  private record(s: PriceState, priceCents: number, nowMs: number, size: number): void {
    s.lastCents = priceCents;
    s.highCents = Math.max(s.highCents, priceCents);
    s.lowCents = Math.min(s.lowCents, priceCents);
    s.high52Cents = Math.max(s.high52Cents, priceCents);
    s.low52Cents = Math.min(s.low52Cents, priceCents);
    if (size > 0) {
      s.totalVolume += size;
      s.lastSize = size;
      s.tradeTimeMs = nowMs;
    }
  }
}
