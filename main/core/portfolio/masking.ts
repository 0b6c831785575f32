// Full account numbers stay in the main process. Every view that leaves it (IPC, WebSocket, tray, the
// CLI's human output) goes through maskSnapshot; only `arbion … --json` prints the raw snapshot.
import type { PortfolioSnapshot } from '../../../common/contract';

export function maskSnapshot(snapshot: PortfolioSnapshot): PortfolioSnapshot {
  return {
    ...snapshot,
    accounts: snapshot.accounts.map((a) => ({ ...a, accountNumber: a.displayNumber })),
  };
}
