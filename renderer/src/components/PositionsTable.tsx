// The positions table: sortable by every column (aria-sort), filterable, with a totals row. Only the rows in
// view (plus a margin) are in the DOM — spacer rows stand in for the rest — so 2,500 positions stay smooth.
import { memo, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { PortfolioSnapshot } from '../../../preload/contract';
import { direction, formatPercent, formatQuantity, formatSignedPercent } from '../../../common/format/numberFormat';
import { usePrivacy } from '../privacyContext';
import { Money } from './Money';
import {
  DEFAULT_SORT,
  buildRows,
  filterRows,
  nextSort,
  sortRows,
  totalsOf,
  type PositionRow,
  type SortKey,
  type SortState,
} from './positionRows';

/** Must match `.pos-row { height }` in app.css. */
export const ROW_HEIGHT = 30;
const OVERSCAN = 12;
const FALLBACK_VIEWPORT = 600;

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
  className: string;
  cell(row: PositionRow): ReactNode;
}

const ASSET_TAGS: Record<string, string> = {
  OPTION: 'OPT',
  COLLECTIVE_INVESTMENT: 'ETF',
  MUTUAL_FUND: 'FUND',
  CASH_EQUIVALENT: 'MMF',
  FIXED_INCOME: 'BOND',
  FUTURE: 'FUT',
  FOREX: 'FX',
  INDEX: 'IDX',
};

function Signed({ value, children }: { value: number; children: ReactNode }) {
  return <span className={`signed ${direction(value)}`}>{children}</span>;
}

function Percent({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  return <Signed value={value}>{formatSignedPercent(value)}</Signed>;
}

/** Schwab's option descriptions carry the strike as "$550"; in privacy mode no "$" figure may show at all. */
function Description({ text }: { text: string }) {
  const hidden = usePrivacy();
  if (!text) return <span className="muted">—</span>;
  const shown = hidden ? text.replace(/\$(?=\s?\d)/g, '') : text;
  return <span title={shown}>{shown}</span>;
}

const ACCOUNT_COLUMN: Column = {
  key: 'account',
  label: 'Account',
  numeric: false,
  className: 'col-account',
  cell: (r) => r.account,
};

const COLUMNS: Column[] = [
  {
    key: 'symbol',
    label: 'Symbol',
    numeric: false,
    className: 'col-symbol',
    cell: (r) => (
      <>
        <span className="sym" title={r.symbol !== r.display ? r.symbol : undefined}>
          {r.display}
        </span>
        {ASSET_TAGS[r.assetType] && <span className="asset-tag">{ASSET_TAGS[r.assetType]}</span>}
      </>
    ),
  },
  {
    key: 'description',
    label: 'Description',
    numeric: false,
    className: 'col-desc',
    cell: (r) => <Description text={r.description} />,
  },
  {
    key: 'quantity',
    label: 'Qty',
    numeric: true,
    className: 'col-qty',
    cell: (r) => <span className={r.quantity < 0 ? 'qty short' : 'qty'}>{formatQuantity(r.quantity)}</span>,
  },
  { key: 'averagePrice', label: 'Avg price', numeric: true, className: 'col-price', cell: (r) => <Money value={r.averagePrice} price /> },
  { key: 'marketValue', label: 'Market value', numeric: true, className: 'col-mv', cell: (r) => <Money value={r.marketValue} /> },
  {
    key: 'dayProfitLoss',
    label: 'Day P&L',
    numeric: true,
    className: 'col-pl',
    cell: (r) => (
      <Signed value={r.dayProfitLoss}>
        <Money value={r.dayProfitLoss} signed />
      </Signed>
    ),
  },
  { key: 'dayProfitLossPercent', label: 'Day %', numeric: true, className: 'col-pct', cell: (r) => <Percent value={r.dayProfitLossPercent} /> },
  {
    key: 'unrealizedProfitLoss',
    label: 'Unrealized P&L',
    numeric: true,
    className: 'col-pl',
    cell: (r) => (
      <Signed value={r.unrealizedProfitLoss}>
        <Money value={r.unrealizedProfitLoss} signed />
      </Signed>
    ),
  },
  {
    key: 'unrealizedProfitLossPercent',
    label: 'Unrl. %',
    numeric: true,
    className: 'col-pct',
    cell: (r) => <Percent value={r.unrealizedProfitLossPercent} />,
  },
  {
    key: 'weightPercent',
    label: 'Weight',
    numeric: true,
    className: 'col-weight',
    cell: (r) => (
      <span className="weight">
        {/* Bar scaled so a third of the account fills it; the figure carries the exact value. */}
        <span className="weight-track" aria-hidden="true">
          <span className="weight-fill" style={{ width: `${Math.min(100, r.weightPercent * 3)}%` }} />
        </span>
        <span className="weight-text">{formatPercent(r.weightPercent)}</span>
      </span>
    ),
  },
];

interface RowProps {
  row: PositionRow;
  columns: Column[];
  rowIndex: number;
}

/** A poll rebuilds every row object; re-render a row only when something it shows changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.columns !== b.columns || a.rowIndex !== b.rowIndex) return false;
  if (a.row === b.row) return true;
  const x = a.row;
  const y = b.row;
  return (
    x.key === y.key &&
    x.quantity === y.quantity &&
    x.averagePrice === y.averagePrice &&
    x.marketValue === y.marketValue &&
    x.dayProfitLoss === y.dayProfitLoss &&
    x.dayProfitLossPercent === y.dayProfitLossPercent &&
    x.unrealizedProfitLoss === y.unrealizedProfitLoss &&
    x.unrealizedProfitLossPercent === y.unrealizedProfitLossPercent &&
    x.weightPercent === y.weightPercent &&
    x.description === y.description &&
    x.account === y.account
  );
}

const Row = memo(function Row({ row, columns, rowIndex }: RowProps) {
  return (
    <tr className="pos-row" aria-rowindex={rowIndex}>
      {columns.map((c) => (
        <td key={c.key} className={`${c.className}${c.numeric ? ' num' : ''}`}>
          {c.cell(row)}
        </td>
      ))}
    </tr>
  );
}, sameRow);

function useViewportHeight(ref: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(FALLBACK_VIEWPORT);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const read = (): void => setHeight(el.clientHeight || FALLBACK_VIEWPORT);
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return height;
}

export interface PositionsTableProps {
  snapshot: PortfolioSnapshot;
  /** Account hash, or null for all accounts. */
  accountHash: string | null;
}

export function PositionsTable({ snapshot, accountHash }: PositionsTableProps) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const deferredQuery = useDeferredValue(query);
  const showAccount = accountHash === null && snapshot.accounts.length > 1;
  const columns = useMemo(() => (showAccount ? [ACCOUNT_COLUMN, ...COLUMNS] : COLUMNS), [showAccount]);

  const allRows = useMemo(() => buildRows(snapshot, accountHash), [snapshot, accountHash]);
  const rows = useMemo(() => sortRows(filterRows(allRows, deferredQuery), sort), [allRows, deferredQuery, sort]);
  const totals = useMemo(() => totalsOf(rows), [rows]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const viewport = useViewportHeight(scrollRef);
  const [firstVisible, setFirstVisible] = useState(0);

  // A new filter or sort starts at the top; a new snapshot keeps the scroll position.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setFirstVisible(0);
  }, [deferredQuery, sort, accountHash]);

  // "/" jumps to the filter box, as in most trading tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      e.preventDefault();
      filterRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const start = Math.max(0, firstVisible - OVERSCAN);
  const end = Math.min(rows.length, firstVisible + Math.ceil(viewport / ROW_HEIGHT) + OVERSCAN);
  const slice = rows.slice(start, end);
  const padTop = start * ROW_HEIGHT;
  const padBottom = (rows.length - end) * ROW_HEIGHT;
  const filtered = rows.length !== allRows.length;

  return (
    <section className="card positions" aria-labelledby="positions-title">
      <div className="card-head">
        <h2 id="positions-title" className="card-title">
          Positions{' '}
          <span className="card-sub">
            {filtered ? `${rows.length} of ${allRows.length}` : allRows.length}
          </span>
        </h2>
        <input
          ref={filterRef}
          type="search"
          className="filter"
          placeholder="Filter  /"
          aria-label="Filter positions by symbol, description or type"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery('');
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div
        ref={scrollRef}
        className="table-scroll"
        tabIndex={0}
        role="region"
        aria-label="Positions (scrollable)"
        onScroll={(e) => setFirstVisible(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT))}
      >
        <table className="pos-table" aria-labelledby="positions-title" aria-rowcount={rows.length + 2}>
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={`${c.className}${c.numeric ? ' num' : ''}${active ? ' sorted' : ''}`}
                    aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <button type="button" className="sort-btn" onClick={() => setSort((s) => nextSort(s, c.key))}>
                      {c.label}
                      <span className="sort-ind" aria-hidden="true">
                        {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr className="spacer" aria-hidden="true">
                <td colSpan={columns.length} style={{ height: padTop }} />
              </tr>
            )}
            {slice.map((row, i) => (
              <Row key={row.key} row={row} columns={columns} rowIndex={start + i + 2} />
            ))}
            {padBottom > 0 && (
              <tr className="spacer" aria-hidden="true">
                <td colSpan={columns.length} style={{ height: padBottom }} />
              </tr>
            )}
            {rows.length === 0 && (
              <tr className="empty-row">
                <td colSpan={columns.length}>
                  {allRows.length === 0 ? 'No positions in this account.' : `No positions match “${deferredQuery.trim()}”.`}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr className="totals-row" aria-rowindex={rows.length + 2}>
              <th scope="row" colSpan={columns.length - 8} className="totals-label">
                Total{filtered ? ` · ${totals.count} shown` : ''}
              </th>
              <td className="num col-qty" />
              <td className="num col-price" />
              <td className="num col-mv">
                <Money value={totals.marketValue} />
              </td>
              <td className="num col-pl">
                <Signed value={totals.dayProfitLoss}>
                  <Money value={totals.dayProfitLoss} signed />
                </Signed>
              </td>
              <td className="num col-pct">
                <Percent value={totals.dayProfitLossPercent} />
              </td>
              <td className="num col-pl">
                <Signed value={totals.unrealizedProfitLoss}>
                  <Money value={totals.unrealizedProfitLoss} signed />
                </Signed>
              </td>
              <td className="num col-pct">
                <Percent value={totals.unrealizedProfitLossPercent} />
              </td>
              <td className="num col-weight">{formatPercent(totals.weightPercent)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
