// A dollar amount, masked in privacy mode. The only place the window turns a number into "$…".
import { usePrivacy } from '../privacyContext';
import { formatCompactCurrency, formatCurrency, formatPrice, formatSignedCurrency, MASK } from '../../../common/format/numberFormat';

export interface MoneyProps {
  value: number;
  /** "+$1.00" / "-$1.00" for changes and P&L. */
  signed?: boolean;
  /** Per-share price with up to 4 decimals. */
  price?: boolean;
  compact?: boolean;
  className?: string;
}

export function Money({ value, signed, price, compact, className }: MoneyProps) {
  const hidden = usePrivacy();
  if (hidden) {
    return (
      <span className={`money masked${className ? ` ${className}` : ''}`} title="Hidden by privacy mode">
        {MASK}
      </span>
    );
  }
  const text = signed
    ? formatSignedCurrency(value)
    : price
      ? formatPrice(value)
      : compact
        ? formatCompactCurrency(value)
        : formatCurrency(value);
  return <span className={`money${className ? ` ${className}` : ''}`}>{text}</span>;
}
