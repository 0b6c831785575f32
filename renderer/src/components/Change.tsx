// A day change or P&L: ▲/▼ plus sign plus colour, so colour is never the only cue. Percent stays in privacy mode.
import { arrow, direction, formatSignedPercent } from '../../../common/format/numberFormat';
import type { Cents } from '../../../common/money/cents';
import { Money } from './Money';

export interface ChangeProps {
  value: Cents;
  percent?: number | null;
  /** Show only the percentage (tight places). */
  percentOnly?: boolean;
  className?: string;
}

export function Change({ value, percent, percentOnly, className }: ChangeProps) {
  const dir = direction(value);
  const mark = arrow(value);
  return (
    <span className={`change ${dir}${className ? ` ${className}` : ''}`}>
      {mark && (
        <>
          <span className="arrow" aria-hidden="true">
            {mark}
          </span>
          <span className="sr-only">{dir === 'up' ? 'up ' : 'down '}</span>
        </>
      )}
      {!percentOnly && <Money value={value} signed />}
      {percent !== undefined && percent !== null && (
        <span className="pct">{percentOnly ? formatSignedPercent(percent) : ` (${formatSignedPercent(percent)})`}</span>
      )}
    </span>
  );
}
