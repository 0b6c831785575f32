// What a transaction's cash is, for the income, fee and deposit figures (integer cents):
// - fees: every commission/regulatory fee leg, plus a stand-alone charge (a JOURNAL, MEMORANDUM or cash
//   disbursement whose description names a FEE, and that has no fee legs of its own);
// - income: DIVIDEND_OR_INTEREST — interest when the description says INTEREST, a dividend otherwise
//   (Schwab often names the company only in the description);
// - net deposits: money moved in or out (ACH, cash, electronic fund, wires), withdrawals negative.
import type { Cents } from '../portfolio/money';
import type { ActivityTransaction } from './activityTypes';

const DEPOSIT_TYPES: ReadonlySet<string> = new Set([
  'ACH_RECEIPT',
  'ACH_DISBURSEMENT',
  'CASH_RECEIPT',
  'CASH_DISBURSEMENT',
  'ELECTRONIC_FUND',
  'WIRE_IN',
  'WIRE_OUT',
]);
const FEE_CHARGE_TYPES: ReadonlySet<string> = new Set(['JOURNAL', 'MEMORANDUM', 'CASH_DISBURSEMENT']);

export interface CashFlows {
  dividendsCents: Cents;
  interestCents: Cents;
  /** Positive: paid. */
  feesCents: Cents;
  netDepositsCents: Cents;
}

export const NO_CASH_FLOWS: Readonly<CashFlows> = { dividendsCents: 0, interestCents: 0, feesCents: 0, netDepositsCents: 0 };

function isFeeCharge(t: ActivityTransaction): boolean {
  return FEE_CHARGE_TYPES.has(t.type) && t.feesCents === 0 && t.netCents < 0 && /\bFEES?\b/i.test(t.description);
}

export function cashFlowsOf(t: ActivityTransaction): CashFlows {
  if (t.status === 'INVALID') return { ...NO_CASH_FLOWS };
  const out: CashFlows = { ...NO_CASH_FLOWS, feesCents: t.feesCents };
  if (isFeeCharge(t)) out.feesCents += -t.netCents;
  else if (t.type === 'DIVIDEND_OR_INTEREST') {
    if (/\bINTEREST\b/i.test(t.description)) out.interestCents = t.netCents;
    else out.dividendsCents = t.netCents;
  } else if (DEPOSIT_TYPES.has(t.type)) out.netDepositsCents = t.netCents;
  return out;
}
