// "Export CSV" for the positions table: the rows it shows (its account and filter), in its order; the core
// writes the CSV from its snapshot and the page saves it.
import { useContext } from 'react';
import { ApiContext } from '../apiContext';
import { useBusyAction } from '../hooks/useBusyAction';
import { saveCsv } from './csvDownload';
import type { PositionRow } from './positionRows';

export function ExportPositionsButton({ rows }: { rows: readonly PositionRow[] }) {
  // The table also renders on its own (tests, previews): no bridge, no export.
  const api = useContext(ApiContext);
  const { busy, error, run: runAction } = useBusyAction();
  if (!api) return null;
  const run = (): Promise<boolean> =>
    runAction(async () => {
      const shown = rows.filter((r) => r.kind === 'position').map((r) => ({ accountHash: r.accountHash, symbol: r.symbol }));
      saveCsv(await api.exportCsv({ kind: 'positions', rows: shown }));
    });
  return (
    <button type="button" className="btn" onClick={() => void run()} disabled={busy} title={error ? `Export failed: ${error}` : 'Save the rows shown as CSV'}>
      {error ? 'Export failed — retry' : 'Export CSV'}
    </button>
  );
}
