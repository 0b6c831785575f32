// What a fired alert says: a title, a body with the figures, a body without dollar amounts (privacy mode),
// and the rule's label. Shared by the notifier, the window's list, the audit log and the CLI. Money comes in
// as cents (the view's figures, a level converted once); a rule's own thresholds are the dollars typed.
import type { AccountView, AlertDirection, AlertRuleSpec } from '../../../common/contract';
import { formatCurrency, formatPrice, formatQuantity, formatSignedCurrency, formatSignedPercent } from '../../../common/format/numberFormat';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { centsToDollars, toCents, type Cents } from '../../../common/money/cents';

export interface AlertTexts {
  title: string;
  body: string;
  /** The title and body with no dollar amount, for privacy mode. */
  privateTitle: string;
  privateBody: string;
}

function accountName(a: AccountView): string {
  return `${a.nickname ?? (a.type === 'MARGIN' ? 'Margin' : 'Cash')} ${a.displayNumber}`;
}

const percentText = (p: number): string => formatSignedPercent(p);

export const alertTexts = {
  price(symbol: string, direction: AlertDirection, level: Cents, price: Cents, basis: 'mark' | 'last'): AlertTexts {
    const name = formatSymbol(symbol);
    return {
      title: `${name} ${direction} ${formatPrice(centsToDollars(level))}`,
      body: `${name} is at ${formatPrice(centsToDollars(price))} (${basis}), ${direction === 'above' ? 'at or above' : 'at or below'} your ${formatPrice(centsToDollars(level))} level.`,
      privateTitle: `${name} price alert`,
      privateBody: `${name} reached your ${direction === 'above' ? 'upper' : 'lower'} price level.`,
    };
  },
  dayMove(symbol: string, threshold: number, move: number): AlertTexts {
    const name = formatSymbol(symbol);
    const body = `${name} is ${percentText(move)} today (your alert: ${percentText(threshold)}).`;
    const title = `${name} ${threshold > 0 ? 'up' : 'down'} ${percentText(move)} today`;
    return { title, body, privateTitle: title, privateBody: body };
  },
  dayChange(account: AccountView | null, measure: 'percent' | 'amount', threshold: number, change: Cents, changePercent: number): AlertTexts {
    const who = account ? accountName(account) : 'Your portfolio';
    const limit = measure === 'percent' ? percentText(threshold) : formatSignedCurrency(toCents(threshold));
    const title = `${who}: day change ${percentText(changePercent)}`;
    return {
      title,
      privateTitle: title,
      body: `${who} is ${formatSignedCurrency(change)} (${percentText(changePercent)}) today (your alert: ${limit}).`,
      privateBody:
        measure === 'percent'
          ? `${who} is ${percentText(changePercent)} today (your alert: ${limit}).`
          : `${who} passed your day-change amount (${percentText(changePercent)} today).`,
    };
  },
  buyingPower(account: AccountView, level: Cents, buyingPower: Cents): AlertTexts {
    const who = accountName(account);
    return {
      title: `${who}: buying power low`,
      privateTitle: `${who}: buying power low`,
      body: `Buying power in ${who} is ${formatCurrency(buyingPower)}, below your ${formatCurrency(level)} level.`,
      privateBody: `Buying power in ${who} fell below your level.`,
    };
  },
  marginCall(account: AccountView): AlertTexts {
    const who = accountName(account);
    const calls = account.margin?.calls ?? [];
    const amounts = calls.map((c) => `${c.kind} ${formatCurrency(c.amount)}`).join(', ');
    return {
      title: `${who} is in a margin call`,
      privateTitle: `${who} is in a margin call`,
      body: `${who} is in a margin call${amounts ? ` (${amounts})` : ''}. Check it in Schwab.`,
      privateBody: `${who} is in a margin call. Check it in Schwab.`,
    };
  },
  optionExpiry(symbol: string, days: number): AlertTexts {
    const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
    const body = `Your position in ${formatSymbol(symbol)} expires ${when}.`;
    const title = `${formatSymbol(symbol)} expires ${when}`;
    return { title, body, privateTitle: title, privateBody: body };
  },
  optionInTheMoney(symbol: string, strike: Cents, underlying: Cents): AlertTexts {
    const name = formatSymbol(symbol);
    return {
      title: `${name} is in the money`,
      privateTitle: `${name} is in the money`,
      body: `The underlying of ${name} is at ${formatPrice(centsToDollars(underlying))}, past the ${formatPrice(centsToDollars(strike))} strike.`,
      privateBody: `The underlying of ${name} moved past the strike.`,
    };
  },
  order(o: OrderStatusText): AlertTexts {
    const what = `${o.instruction} ${formatSymbol(o.symbol)}`;
    const title = o.status === 'FILLED' ? 'Order filled' : 'Order rejected';
    const detail = o.status === 'FILLED' && o.price !== null ? `${formatQuantity(o.quantity)} at ${formatPrice(o.price)}` : formatQuantity(o.quantity);
    return {
      title,
      privateTitle: title,
      body: `${what}: ${detail} · ${o.account}`,
      privateBody: `${what} · ${o.account}`,
    };
  },
};

export interface OrderStatusText {
  status: 'FILLED' | 'REJECTED';
  instruction: string;
  symbol: string;
  quantity: number;
  /** The average fill price per share, when filled. */
  price: number | null;
  account: string;
}

/** The rule in words: "AAPL above $150.00", "Portfolio day change beyond -2.00%". */
export function ruleLabel(spec: AlertRuleSpec, accountNameOf: (hash: string) => string = (h) => `account ${h.slice(0, 6)}`): string {
  switch (spec.kind) {
    case 'price':
      return `${formatSymbol(spec.symbol)} ${spec.direction} ${formatPrice(spec.level)}`;
    case 'day-move':
      return `${formatSymbol(spec.symbol)} day move beyond ${percentText(spec.percent)}`;
    case 'day-change': {
      const who = spec.account === null ? 'Portfolio' : accountNameOf(spec.account);
      return `${who} day change beyond ${spec.measure === 'percent' ? percentText(spec.value) : formatSignedCurrency(toCents(spec.value))}`;
    }
    case 'buying-power':
      return `Buying power${spec.account === null ? '' : ` in ${accountNameOf(spec.account)}`} below ${formatCurrency(toCents(spec.level))}`;
    case 'margin-call':
      return 'A margin account goes into a call';
    case 'option-expiry':
      return `An option position expires within ${spec.days} days`;
    case 'option-itm':
      return 'An option position moves into the money';
    case 'low-buying-power':
      return `An account's buying power falls below ${formatCurrency(toCents(spec.level ?? 0))}`;
    case 'order-status':
      return 'An order is filled or rejected';
  }
}

export { accountName };
