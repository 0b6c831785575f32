// The demo portfolio: what it holds, that it moves deterministically, and that every balance Schwab would
// report stays consistent with the positions and quotes after every tick — checked from the HTTP responses.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountsSchema,
  QuotesResponseSchema,
  type Account,
  type Position,
  type QuotesResponse,
} from '../../main/core/schwab/schemas';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login } from './schwabHttp';

const open: Sandbox[] = [];
async function start(opts: SandboxOptions = {}): Promise<{ sb: Sandbox; token: string; clock: FakeClock }> {
  const clock = new FakeClock();
  const sb = await startSandbox({ clock, autoApprove: true, ...opts });
  open.push(sb);
  const token = (await login(sb)).access_token;
  return { sb, token, clock };
}
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

// "+ 0" folds -0 into 0: a short with no change has a day P&L of 0, not -0.
const cents = (usd: number): number => Math.round(usd * 100) + 0;
const round = (x: number): number => Math.round(x) + 0;
const signed = (p: Position): number => p.longQuantity - p.shortQuantity;
const mult = (p: Position): number => (p.instrument.assetType === 'OPTION' ? 100 : 1);

async function snapshot(sb: Sandbox, token: string): Promise<{ accounts: Account[]; quotes: QuotesResponse }> {
  const accounts = AccountsSchema.parse(await (await getApi(sb, '/trader/v1/accounts?fields=positions', token)).json());
  const symbols = [...new Set(accounts.flatMap((a) => a.securitiesAccount.positions!.map((p) => p.instrument.symbol)))];
  // In batches, as a client must: a URL with thousands of symbols is too long for any server.
  const quotes: QuotesResponse = {};
  for (let i = 0; i < symbols.length; i += 200) {
    const batch = symbols.slice(i, i + 200).join(',');
    const res = await getApi(sb, `/marketdata/v1/quotes?fields=quote&symbols=${encodeURIComponent(batch)}`, token);
    Object.assign(quotes, QuotesResponseSchema.parse(await res.json()));
  }
  return { accounts, quotes };
}

/** Every consistency rule between positions, quotes and balances, in cents. */
function checkInvariants(accounts: Account[], quotes: QuotesResponse): void {
  for (const { securitiesAccount: sa, aggregatedBalance } of accounts) {
    const cb = sa.currentBalances;
    let sumMV = 0;
    let sumDay = 0;
    let longMV = 0;
    let shortMV = 0;
    let longOpt = 0;
    let shortOpt = 0;
    let mmf = 0;
    let mf = 0;
    let maint = 0;
    for (const p of sa.positions!) {
      const q = quotes[p.instrument.symbol]!.quote!;
      const last = cents(q.lastPrice ?? q.nAV!);
      const close = cents(q.closePrice!);
      const mv = cents(p.marketValue);
      expect(mv, p.instrument.symbol).toBe(round(last * signed(p) * mult(p)));
      expect(cents(p.currentDayProfitLoss!), p.instrument.symbol).toBe(round((last - close) * signed(p) * mult(p)));
      if (p.instrument.netChange !== undefined) expect(cents(p.instrument.netChange)).toBe(last - close);
      if (p.shortQuantity > 0) {
        expect(p.longQuantity).toBe(0);
        expect(p.settledShortQuantity).toBe(-p.shortQuantity);
        expect(mv).toBeLessThanOrEqual(0);
        expect(cents(p.shortOpenProfitLoss!)).toBe(round(p.averagePrice! * 100 * p.shortQuantity * mult(p)) + mv);
      } else {
        expect(mv).toBeGreaterThanOrEqual(0);
        expect(cents(p.longOpenProfitLoss!)).toBe(mv - round(p.averagePrice! * 100 * p.longQuantity * mult(p)));
      }
      sumMV += mv;
      sumDay += cents(p.currentDayProfitLoss!);
      maint += cents(p.maintenanceRequirement!);
      const t = p.instrument.assetType;
      if (t === 'OPTION') {
        if (mv < 0) shortOpt += mv;
        else longOpt += mv;
      } else if (t === 'CASH_EQUIVALENT') mmf += mv;
      else if (mv < 0) shortMV += mv;
      else {
        longMV += mv;
        if (t === 'MUTUAL_FUND') mf += mv;
      }
    }
    const cash = cents(cb.cashBalance!);
    const liq = cents(cb.liquidationValue);
    expect(liq).toBe(cash + sumMV);
    expect(liq).toBe(cash + longMV + shortMV + longOpt + shortOpt + mmf);
    expect(cents(cb.longMarketValue!)).toBe(longMV);
    expect(cents(cb.shortMarketValue!)).toBe(shortMV);
    expect(cents(cb.longOptionMarketValue!)).toBe(longOpt);
    expect(cents(cb.shortOptionMarketValue!)).toBe(shortOpt);
    expect(cents(cb.moneyMarketFund!)).toBe(mmf);
    expect(cents(cb.mutualFundValue!)).toBe(mf);
    // Today's P&L is exactly the move from the start-of-day value.
    expect(cents(sa.initialBalances!.liquidationValue!) + sumDay).toBe(liq);
    expect(cents(aggregatedBalance!.liquidationValue!)).toBe(liq);
    if (sa.type === 'MARGIN') {
      const equity = cash + longMV + mmf + shortMV;
      expect(cents(sa.currentBalances.equity!)).toBe(equity);
      expect(cents(sa.currentBalances.maintenanceRequirement!)).toBe(maint);
      const available = Math.max(0, equity - maint);
      expect(cents(sa.currentBalances.availableFunds!)).toBe(available);
      expect(cents(sa.currentBalances.buyingPower!)).toBe(2 * available);
      expect(cents(sa.projectedBalances!.stockBuyingPower!)).toBe(2 * available);
    } else {
      expect(maint).toBe(0);
      expect(cents(sa.currentBalances.cashAvailableForTrading!)).toBe(cash);
      expect(cents(sa.currentBalances.totalCash!)).toBe(cash);
      expect(cents(sa.projectedBalances!.cashAvailableForWithdrawal!)).toBe(cash);
    }
  }
}

describe('demo portfolio', () => {
  it('holds what a trader expects', async () => {
    const { sb, token } = await start();
    const { accounts } = await snapshot(sb, token);
    expect(accounts).toHaveLength(3);
    const [individual, ira, joint] = accounts.map((a) => a.securitiesAccount);
    expect(individual!.type).toBe('MARGIN');
    expect(ira!.type).toBe('CASH');
    expect(joint!.type).toBe('MARGIN');
    for (const a of accounts) expect(a.securitiesAccount.accountNumber).toMatch(/^\d{8}$/);

    const all = accounts.flatMap((a) => a.securitiesAccount.positions!.map((p) => ({ p, type: a.securitiesAccount.type })));
    const types = new Set(all.map(({ p }) => p.instrument.assetType));
    expect([...types].sort()).toEqual(['CASH_EQUIVALENT', 'COLLECTIVE_INVESTMENT', 'EQUITY', 'MUTUAL_FUND', 'OPTION']);
    expect(all.some(({ p, type }) => p.instrument.assetType === 'EQUITY' && p.shortQuantity > 0 && type === 'MARGIN')).toBe(true);
    const options = all.filter(({ p }) => p.instrument.assetType === 'OPTION').map(({ p }) => p);
    expect(options.some((p) => p.longQuantity > 0)).toBe(true);
    expect(options.some((p) => p.shortQuantity > 0)).toBe(true);
    for (const o of options) {
      expect(o.instrument.symbol).toMatch(/^[A-Z]{1,6} *\d{6}[CP]\d{8}$/);
      expect(o.instrument.symbol).toHaveLength(21);
      expect(o.instrument.symbol.slice(12, 13)).toBe(o.instrument.putCall === 'CALL' ? 'C' : 'P');
      expect(o.instrument.symbol.slice(0, 6).trim()).toBe(o.instrument.underlyingSymbol);
      expect(o.instrument.description).toMatch(/ \d{2}\/\d{2}\/\d{4} \$[\d.]+ (Call|Put)$/);
      expect(o.instrument.type).toBe('VANILLA');
      expect(o.instrument.cusip).toMatch(/^0[A-Z.]{5}[A-X][1-9A-V]\d\d{7}$/);
    }
    for (const etf of all.filter(({ p }) => p.instrument.assetType === 'COLLECTIVE_INVESTMENT')) {
      expect(etf.p.instrument.type).toBe('EXCHANGE_TRADED_FUND');
    }
    // A CASH account carries no short except the call covered by its shares.
    for (const p of ira!.positions!.filter((x) => x.shortQuantity > 0)) {
      expect(p.instrument.putCall).toBe('CALL');
      const shares = ira!.positions!.find((x) => x.instrument.symbol === p.instrument.underlyingSymbol);
      expect(shares!.longQuantity).toBeGreaterThanOrEqual(p.shortQuantity * 100);
    }
  });

  it('stays consistent with positions and quotes over 500 ticks', async () => {
    const { sb, token } = await start({ seed: 11 });
    const first = await snapshot(sb, token);
    checkInvariants(first.accounts, first.quotes);
    const firstLiq = sb.truth().accounts.map((a) => a.current.liquidationValueCents);
    for (let i = 0; i < 500; i++) {
      sb.tick();
      const { accounts, quotes } = await snapshot(sb, token);
      checkInvariants(accounts, quotes);
    }
    expect(sb.truth().ticks).toBe(500);
    // …and it really moved.
    expect(sb.truth().accounts.map((a) => a.current.liquidationValueCents)).not.toEqual(firstLiq);
  }, 120_000);

  it('truth() agrees with the HTTP payloads', async () => {
    const { sb, token } = await start({ seed: 3 });
    sb.tick(25);
    const { accounts } = await snapshot(sb, token);
    const truth = sb.truth();
    for (const [i, a] of accounts.entries()) {
      const t = truth.accounts[i]!;
      expect(a.securitiesAccount.accountNumber).toBe(t.accountNumber);
      expect(cents(a.securitiesAccount.currentBalances.liquidationValue)).toBe(t.current.liquidationValueCents);
      expect(a.securitiesAccount.positions!.map((p) => [p.instrument.symbol, cents(p.marketValue), cents(p.currentDayProfitLoss!)])).toEqual(
        t.positions.map((p) => [p.symbol, p.marketValueCents, p.dayPnLCents]),
      );
    }
  });

  it('mutual funds and money markets hold their NAV; options follow their underlying', async () => {
    const { sb } = await start({ seed: 5 });
    const truth0 = sb.truth();
    const call = truth0.accounts[0]!.positions.find((p) => p.kind === 'OPTION' && p.putCall === 'CALL' && p.longQuantity > 0)!;
    let agree = 0;
    let moves = 0;
    let prev = sb.truth().prices;
    for (let i = 0; i < 300; i++) {
      sb.tick();
      const now = sb.truth().prices;
      expect(now.SWPPX).toEqual(truth0.prices.SWPPX);
      expect(now.SWVXX!.lastCents).toBe(100);
      const du = now[call.underlyingSymbol!]!.lastCents - prev[call.underlyingSymbol!]!.lastCents;
      const dopt = now[call.symbol]!.lastCents - prev[call.symbol]!.lastCents;
      if (du !== 0 && dopt !== 0) {
        moves++;
        if (Math.sign(du) === Math.sign(dopt)) agree++;
      }
      prev = now;
    }
    expect(moves).toBeGreaterThan(100);
    expect(agree).toBe(moves);
  });

  it('prices stay plausible over a long session (mean-reverting around the close)', async () => {
    const { sb } = await start({ seed: 9 });
    sb.tick(3000);
    for (const [symbol, p] of Object.entries(sb.truth().prices)) {
      expect(p.lastCents, symbol).toBeGreaterThan(0);
      if (symbol.length < 8) expect(Math.abs(p.lastCents / p.closeCents - 1), symbol).toBeLessThan(0.25);
    }
  });

  it('is deterministic for a seed', async () => {
    const a = await start({ seed: 42 });
    const b = await start({ seed: 42 });
    const c = await start({ seed: 43 });
    a.sb.tick(40);
    b.sb.tick(40);
    c.sb.tick(40);
    const strip = (s: Sandbox) => sb_truth(s);
    expect(strip(a.sb)).toEqual(strip(b.sb));
    expect(strip(a.sb)).not.toEqual(strip(c.sb));
    const body = async (x: { sb: Sandbox; token: string }) => (await getApi(x.sb, '/trader/v1/accounts?fields=positions', x.token)).text();
    expect(await body(a)).toBe(await body(b));
  });

  it('generates big portfolios: 10 accounts × 250 positions', async () => {
    const { sb, token } = await start({ accounts: 10, positionsPerAccount: 250, seed: 1 });
    sb.tick(3);
    const { accounts, quotes } = await snapshot(sb, token);
    expect(accounts).toHaveLength(10);
    expect(new Set(accounts.map((a) => a.securitiesAccount.accountNumber)).size).toBe(10);
    for (const a of accounts) {
      const symbols = a.securitiesAccount.positions!.map((p) => p.instrument.symbol);
      expect(symbols).toHaveLength(250);
      expect(new Set(symbols).size).toBe(250);
      if (a.securitiesAccount.type === 'CASH') {
        const shorts = a.securitiesAccount.positions!.filter((p) => p.shortQuantity > 0);
        expect(shorts.every((p) => p.instrument.assetType === 'OPTION' && p.instrument.putCall === 'CALL')).toBe(true);
      }
    }
    expect(new Set(accounts.map((a) => a.securitiesAccount.type))).toEqual(new Set(['CASH', 'MARGIN']));
    checkInvariants(accounts, quotes);
  });

  it('positionsPerAccount also trims, and accounts can be fewer', async () => {
    const { sb, token } = await start({ accounts: 1, positionsPerAccount: 2 });
    const { accounts } = await snapshot(sb, token);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.securitiesAccount.positions).toHaveLength(2);
  });

  it('ticks on its own every tickMs of the (fake) clock, and stops when closed', async () => {
    const { sb, clock } = await start({ tickMs: 2000 });
    clock.advance(10_000);
    expect(sb.truth().ticks).toBe(5);
    await sb.close();
    clock.advance(10_000);
    expect(clock.pending()).toBe(0);
  });
});

function sb_truth(s: Sandbox) {
  const t = s.truth();
  return { accounts: t.accounts, prices: t.prices };
}
