// A dollar amount, masked in privacy mode. The only place the window turns a number into "$…": money
// comes as integer cents, per-share prices (`price`) as dollars per share.
import { usePrivacy } from '../privacyContext';
import { formatCompactCurrency, formatCurrency, formatPrice, formatSignedCurrency, MASK } from '../../../common/format/numberFormat';
import { centsToDollars, toCents, type Cents, type PricePerShare } from '../../../common/money/cents';

export type MoneyProps = (
  | { value: Cents; price?: false; compact?: boolean }
  | { /** Per-share price with up to 4 decimals. */ value: PricePerShare; price: true; compact?: false }
) & {
  /** "+$1.00" / "-$1.00" for changes and P&L. */
  signed?: boolean;
  className?: string;
};

function moneyText(props: MoneyProps): string {
  // A signed per-share change reads to the cent, like every other change.
  if (props.price) return props.signed ? formatSignedCurrency(toCents(props.value)) : formatPrice(props.value);
  if (props.signed) return formatSignedCurrency(props.value);
  return props.compact ? formatCompactCurrency(centsToDollars(props.value)) : formatCurrency(props.value);
}

export function Money(props: MoneyProps) {
  const hidden = usePrivacy();
  const className = props.className;
  if (hidden) {
    return (
      <span className={`money masked${className ? ` ${className}` : ''}`} title="Hidden by privacy mode">
        {MASK}
      </span>
    );
  }
  return <span className={`money${className ? ` ${className}` : ''}`}>{moneyText(props)}</span>;
}
