// The US equities session right now (pre-market / open / after hours / closed) and when it changes, in New
// York time with the local time beside it where they differ. The calendar is the one the poller uses.
import { memo } from 'react';
import { sessionText } from '../../../common/market/sessionText';

// Memoized: the calendar's arithmetic runs when the minute ticks over, not on every streamed figure around it.
export const MarketSessionBadge = memo(function MarketSessionBadge({ now, localTimeZone }: { now: number; localTimeZone?: string }) {
  const s = sessionText(now, localTimeZone);
  const tone = s.session === 'regular' ? 'good' : s.session === 'closed' ? 'neutral' : 'warn';
  return (
    <span className={`badge session tone-${tone}`} data-testid="market-session" data-session={s.session} title={`US equities: ${s.label}, ${s.detail}`}>
      <span className="badge-label">{s.label}</span>
      <span className="session-detail"> · {s.detail}</span>
    </span>
  );
});
