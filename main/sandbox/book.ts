// The sandbox's book of record: the demo accounts, the market that prices them, and the tick that moves
// prices. `truth()` is what tests compare HTTP responses against — every figure in integer cents.
import type { Clock } from '../core/ports';
import type { MarginState } from './accountPayloads';
import { Market } from './market';
import { buildPortfolio, type AccountKind, type DemoAccount, type HoldingKind } from './portfolio';
import { createRandom } from './random';
import { valueAccount, type AccountValue, type BalanceTotals } from './valuation';

export interface TruthPosition {
  symbol: string;
  kind: HoldingKind;
  /** Schwab's assetType for this holding. */
  assetType: 'EQUITY' | 'COLLECTIVE_INVESTMENT' | 'MUTUAL_FUND' | 'CASH_EQUIVALENT' | 'OPTION';
  underlyingSymbol?: string;
  putCall?: 'PUT' | 'CALL';
  longQuantity: number;
  shortQuantity: number;
  multiplier: 1 | 100;
  averagePrice: number;
  priceCents: number;
  closeCents: number;
  marketValueCents: number;
  dayPnLCents: number;
  openPnLCents: number;
  maintenanceCents: number;
}

export interface TruthAccount {
  accountNumber: string;
  hashValue: string;
  type: AccountKind;
  nickName: string;
  positions: TruthPosition[];
  current: BalanceTotals;
  initial: BalanceTotals;
  dayPnLCents: number;
}

export interface SandboxTruth {
  /** Ticks applied so far. */
  ticks: number;
  accounts: TruthAccount[];
  /** Current and previous-close price of every quotable symbol, in cents. */
  prices: Record<string, { lastCents: number; closeCents: number }>;
}

export const ASSET_TYPE: Record<HoldingKind, TruthPosition['assetType']> = {
  EQUITY: 'EQUITY',
  ETF: 'COLLECTIVE_INVESTMENT',
  MUTUAL_FUND: 'MUTUAL_FUND',
  MONEY_MARKET: 'CASH_EQUIVALENT',
  OPTION: 'OPTION',
};

export class Book {
  readonly market: Market;
  readonly accounts: DemoAccount[];

  constructor(
    readonly seed: number,
    private readonly clock: Clock,
    opts: { accounts?: number; positionsPerAccount?: number },
  ) {
    const rng = createRandom(seed);
    this.market = new Market(rng.fork('market'), clock.now());
    this.accounts = buildPortfolio({ seed, ...opts }, this.market, rng.fork('portfolio'));
  }

  private readonly marginStates = new Map<string, MarginState>();

  /** Forces a margin call / round-trip count onto a MARGIN account (null clears it). */
  setMarginState(accountNumber: string, state: MarginState | null): void {
    const account = this.accounts.find((a) => a.accountNumber === accountNumber);
    if (!account) throw new Error(`No demo account ${accountNumber}`);
    if (account.type !== 'MARGIN') throw new Error(`Demo account ${accountNumber} is a CASH account; only MARGIN accounts have margin calls`);
    if (state === null) this.marginStates.delete(accountNumber);
    else this.marginStates.set(accountNumber, { ...state });
  }

  marginState(account: DemoAccount): MarginState {
    return this.marginStates.get(account.accountNumber) ?? {};
  }

  tick(n = 1): void {
    for (let i = 0; i < n; i++) this.market.tick(this.clock.now());
  }

  account(hash: string): DemoAccount | undefined {
    return this.accounts.find((a) => a.hashValue === hash);
  }

  value(account: DemoAccount): AccountValue {
    return valueAccount(account, this.market);
  }

  /** Every symbol held anywhere, plus option underlyings (what a client asks quotes for). */
  heldSymbols(): string[] {
    const out = new Set<string>();
    for (const a of this.accounts) {
      for (const h of a.holdings) {
        out.add(h.symbol);
        if (h.option) out.add(h.option.underlying);
      }
    }
    return [...out];
  }

  truth(): SandboxTruth {
    const prices: SandboxTruth['prices'] = {};
    for (const s of this.market.symbols()) {
      const st = this.market.state(s);
      prices[s] = { lastCents: st.lastCents, closeCents: st.closeCents };
    }
    return {
      ticks: this.market.ticks,
      prices,
      accounts: this.accounts.map((a) => {
        const v = this.value(a);
        return {
          accountNumber: a.accountNumber,
          hashValue: a.hashValue,
          type: a.type,
          nickName: a.nickName,
          current: { ...v.current },
          initial: { ...v.initial },
          dayPnLCents: v.dayPnLCents,
          positions: v.positions.map((p) => ({
            symbol: p.holding.symbol,
            kind: p.holding.kind,
            assetType: ASSET_TYPE[p.holding.kind],
            ...(p.holding.option ? { underlyingSymbol: p.holding.option.underlying, putCall: p.holding.option.putCall } : {}),
            longQuantity: p.holding.longQuantity,
            shortQuantity: p.holding.shortQuantity,
            multiplier: p.holding.multiplier,
            averagePrice: p.holding.averagePrice,
            priceCents: p.priceCents,
            closeCents: p.closeCents,
            marketValueCents: p.marketValueCents,
            dayPnLCents: p.dayPnLCents,
            openPnLCents: p.openPnLCents,
            maintenanceCents: p.maintenanceCents,
          })),
        };
      }),
    };
  }
}
