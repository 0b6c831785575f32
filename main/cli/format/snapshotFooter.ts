// The last line under a data table: when the numbers are from and whether they are live.
import type { PortfolioSnapshot } from '../../../common/contract';
import { shortTime } from '../timeText';
import { isLiveFreshness } from '../../../common/portfolio/liveness';

export function snapshotFooter(snapshot: PortfolioSnapshot): string {
  const source = snapshot.source === 'live' && isLiveFreshness(snapshot.freshness) ? 'live' : `saved (${snapshot.freshness})`;
  return `As of ${shortTime(Date.parse(snapshot.asOf))} · ${source}${snapshot.demo ? ' · demo sandbox' : ''}`;
}
