// The stored transactions, newest first, with a type filter, a search box and a date range; the range is
// also what "Export CSV" writes (the core makes the CSV, the page saves it).
import { useDeferredValue, useEffect, useState } from 'react';
import type { DateRange, TransactionView } from '../../../common/contract';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { saveCsv } from './csvDownload';
import { Money } from './Money';
import { Quantity } from './Quantity';
import { asCents } from '../../../common/money/cents';

const SHOWN = 500;

function typeLabel(type: string): string {
  return type.charAt(0) + type.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** The last 30 days as New York calendar dates (close enough to the user's day for a default). */
function defaultRange(now: number): DateRange {
  const day = (ms: number): string => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
  return { from: day(now - 30 * 86_400_000), to: day(now) };
}

export function ActivityTransactions({ types, version }: { types: string[]; version: string | null }) {
  const api = useApi();
  const [type, setType] = useState('');
  const [search, setSearch] = useState('');
  const [range, setRange] = useState<DateRange>(() => defaultRange(Date.now()));
  const [rows, setRows] = useState<TransactionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const validRange = range.from !== '' && range.to !== '' && range.from <= range.to;

  useEffect(() => {
    if (!validRange) return;
    let live = true;
    api.getTransactions(range, type === '' ? undefined : type, deferredSearch.trim() === '' ? undefined : deferredSearch).then(
      (r) => {
        if (!live) return;
        setRows(r);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, range, type, deferredSearch, validRange, version]);

  const exportRange = async (): Promise<void> => {
    setExporting(true);
    try {
      saveCsv(await api.exportCsv({ kind: 'transactions', range }));
      setError(null);
    } catch (e) {
      setError(`Export failed: ${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="card" aria-labelledby="transactions-title">
      <div className="card-head wrap">
        <h2 id="transactions-title" className="card-title">
          Transactions <span className="card-sub">{rows ? rows.length : ''}</span>
        </h2>
        <label className="inline-field">
          From{' '}
          <input type="date" value={range.from} max={range.to} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label className="inline-field">
          To <input type="date" value={range.to} min={range.from} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <select aria-label="Transaction type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="filter"
          placeholder="Search"
          aria-label="Search transactions by description, symbol, type or account"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setSearch('');
          }}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="button" className="btn" onClick={() => void exportRange()} disabled={exporting || !validRange}>
          Export CSV
        </button>
      </div>
      {error && (
        <p className="error-note" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 ? (
        <p className="empty-note">No transactions match.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Transactions (scrollable)">
          <table className="activity-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col">Symbol</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {(rows ?? []).slice(0, SHOWN).map((t) => (
                <tr key={t.activityId} data-testid={`tx-${t.activityId}`}>
                  <td>{t.tradeDate ?? t.time.slice(0, 10)}</td>
                  <td>{t.account}</td>
                  <td>{typeLabel(t.type)}</td>
                  <td>{t.description}</td>
                  <td>{t.symbol ? formatSymbol(t.symbol) : ''}</td>
                  <td className="num">{t.quantity !== null ? <Quantity value={t.quantity} /> : ''}</td>
                  <td className="num">{t.price !== null ? <Money value={t.price} price /> : ''}</td>
                  <td className="num">
                    <Money value={asCents(t.netCents)} signed />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows && rows.length > SHOWN && <p className="empty-note">Showing the newest {SHOWN}; narrow the range or export CSV for all.</p>}
        </div>
      )}
    </section>
  );
}
