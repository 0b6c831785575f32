// The margin figures a trader watches on a MARGIN account, straight from the accounts payload Arbion already
// fetches. Each figure is taken from currentBalances when Schwab sends it there, else projectedBalances,
// else initialBalances (start of day); a figure Schwab never sends stays null rather than a made-up zero.
// Amounts pass through integer cents like every other balance.
import type { MarginCall, MarginDetail } from '../../../common/contract';
import type { MarginSecuritiesAccount } from '../schwab/schemas';
import { roundPercent, toCents, type Cents } from '../../../common/money/cents';

type Block = Record<string, unknown> | undefined;

function firstNumber(key: string, ...blocks: Block[]): number | null {
  for (const b of blocks) {
    const v = b?.[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function money(key: string, ...blocks: Block[]): Cents | null {
  const v = firstNumber(key, ...blocks);
  return v === null ? null : toCents(v);
}

/** Schwab's call fields and the kind each one reports. */
const CALL_FIELDS: ReadonlyArray<[string, MarginCall['kind']]> = [
  ['maintenanceCall', 'maintenance'],
  ['regTCall', 'reg-t'],
  ['dayTradingBuyingPowerCall', 'day-trading-buying-power'],
  ['dayTradingEquityCall', 'day-trading-equity'],
];

export function marginDetailOf(sa: MarginSecuritiesAccount): MarginDetail {
  const cur = sa.currentBalances as Block;
  const proj = sa.projectedBalances as Block;
  const init = sa.initialBalances as Block;
  const calls: MarginCall[] = [];
  for (const [field, kind] of CALL_FIELDS) {
    // The blocks can disagree (a call projected for tonight, none in the current block): show the largest.
    const cents = Math.max(0, ...[cur, proj, init].map((b) => toCents(firstNumber(field, b) ?? 0)));
    if (cents > 0) calls.push({ kind, amount: cents as Cents });
  }
  const flag = [proj?.isInCall, init?.isInCall, cur?.isInCall].find((v) => v !== undefined);
  const equityPercent = firstNumber('equityPercentage', cur, init);
  return {
    equity: money('equity', cur, init),
    equityPercent: equityPercent === null ? null : roundPercent(equityPercent),
    marginEquity: money('marginEquity', init, cur),
    maintenanceRequirement: money('maintenanceRequirement', cur, init),
    sma: money('sma', cur, proj, init),
    dayTradingBuyingPower: money('dayTradingBuyingPower', cur, proj, init),
    optionBuyingPower: money('optionBuyingPower', cur, proj, init),
    stockBuyingPower: money('stockBuyingPower', proj, cur),
    unsettledCash: money('unsettledCash', cur, init),
    roundTrips: sa.roundTrips ?? null,
    isDayTrader: sa.isDayTrader ?? null,
    // Real payloads send a boolean; the spec types it as a number.
    isInCall: flag === true || (typeof flag === 'number' && flag !== 0) || calls.length > 0,
    calls,
  };
}
