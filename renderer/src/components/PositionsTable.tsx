// The positions table: sortable by every column (aria-sort), filterable, with a totals row that adds up to the
// account value (each account's cash & sweep row is part of it). Columns can be chosen (less important ones
// hide by default in the compact layout); the choice and the sort are remembered. Only the rows in view (plus
// a margin) are in the DOM — spacer rows stand in for the rest — so 2,500 positions stay smooth. A numeric cell
// whose value changes is tinted for a moment (one class on, one off: no animation, no layer of its own, so a
// stream's dozens of changes a second cost two style changes per cell; none when the system asks for reduced
// motion).
import { ExportPositionsButton } from './ExportPositionsButton';
import { memo, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { PortfolioSnapshot } from '../../../common/contract';
import { MASK, direction, formatGreek, formatPercent, formatQuantity, formatSignedPercent } from '../../../common/format/numberFormat';
import { COMPACT_QUERY, REDUCED_MOTION_QUERY, useMediaQuery } from '../hooks/useMediaQuery';
import { usePrivacy } from '../privacyContext';
import { totalsOfRows, type RowTotals } from '../../../common/portfolio/figures';
import { Money } from './Money';
import {
  buildRows,
  filterRows,
  nextSort,
  sortRows,
  type PositionRow,
  type SortKey,
  type SortState,
} from './positionRows';
import { loadTablePrefs, saveTablePrefs, type TablePrefs } from './tablePrefs';

/** Must match `.pos-row { height }` in app.css. */
export const ROW_HEIGHT = 30;
const OVERSCAN = 12;
const FALLBACK_VIEWPORT = 600;

interface Column {
  key: SortKey;
  label: string;
  /** What the header's tooltip explains (the base of a percentage, where a price comes from). */
  title?: string;
  numeric: boolean;
  className: string;
  /** Shown by default in the wide and in the compact layout (the user's choice wins). */
  wide: boolean;
  compact: boolean;
  /** Width in px, wide and compact layouts (the table's minimum width is their sum, so no column is squeezed). */
  width: [wide: number, compact: number];
  cell(row: PositionRow): ReactNode;
}

const ASSET_TAGS: Record<string, string> = {
  COLLECTIVE_INVESTMENT: 'ETF',
  MUTUAL_FUND: 'FUND',
  CASH_EQUIVALENT: 'MMF',
  FIXED_INCOME: 'BOND',
  FUTURE: 'FUT',
  FOREX: 'FX',
  INDEX: 'IDX',
};

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function Signed({ value, children }: { value: number; children: ReactNode }) {
  return <span className={`signed ${direction(value)}`}>{children}</span>;
}

const Missing = ({ title }: { title?: string }) => (
  <span className="muted" title={title}>
    —
  </span>
);

function Percent({ value }: { value: number | null }) {
  if (value === null) return <Missing />;
  return <Signed value={value}>{formatSignedPercent(value)}</Signed>;
}

/** Schwab's option descriptions carry the strike as "$550"; in privacy mode no "$" figure may show at all. */
function Description({ text }: { text: string }) {
  const hidden = usePrivacy();
  if (!text) return <Missing />;
  const shown = hidden ? text.replace(/\$(?=\s?\d)/g, '') : text;
  return <span title={shown}>{shown}</span>;
}

/** Quantity and weight give the value away next to a public quote, so privacy mode hides them too. */
function Masked({ children }: { children: ReactNode }) {
  const hidden = usePrivacy();
  if (hidden) {
    return (
      <span className="masked" title="Hidden by privacy mode">
        {MASK}
      </span>
    );
  }
  return <>{children}</>;
}

function Quote({ row, value, signed }: { row: PositionRow; value: number | null; signed?: boolean }) {
  if (row.kind === 'cash') return null;
  if (value === null) return <Missing title={row.quoteTime ? 'Not in the quote' : 'No quote in the last refresh'} />;
  const at = row.quoteTime ? `Quote of ${timeOfDay.format(new Date(row.quoteTime))}` : undefined;
  return (
    <span title={at}>
      {signed ? (
        <Signed value={value}>
          <Money value={value} price signed />
        </Signed>
      ) : (
        <Money value={value} price />
      )}
    </span>
  );
}

/** An option's quoted figure; other rows show nothing, an option not quoted yet a dash. */
function OptionFigure({ row, value, format }: { row: PositionRow; value: number | null; format: (v: number) => string }) {
  if (row.assetType !== 'OPTION') return null;
  if (value === null) return <Missing title="Not quoted yet" />;
  return <span>{format(value)}</span>;
}

const formatDays = (days: number): string => `${formatQuantity(days)}d`;

function Weight({ value }: { value: number }) {
  return (
    <Masked>
      <span className={value < 0 ? 'weight short' : 'weight'}>
        {/* Bar scaled so a third of the account fills it; the figure carries the exact value. */}
        <span className="weight-track" aria-hidden="true">
          <span className="weight-fill" style={{ width: `${Math.min(100, Math.abs(value) * 3)}%` }} />
        </span>
        <span className="weight-text">{formatPercent(value)}</span>
      </span>
    </Masked>
  );
}

function SymbolCell({ row }: { row: PositionRow }) {
  if (row.kind === 'cash') return <span className="sym cash-sym">{row.display}</span>;
  const tag = ASSET_TAGS[row.assetType];
  return (
    <>
      {/* Put/call first, so a narrow column can never cut it off. */}
      {row.putCall && <span className={`pc-tag ${row.putCall === 'P' ? 'put' : 'call'}`}>{row.putCall === 'P' ? 'PUT' : 'CALL'}</span>}
      <span className="sym" title={row.symbol !== row.display ? `${row.display} · ${row.symbol}` : undefined}>
        {row.displayBase}
      </span>
      {tag && <span className="asset-tag">{tag}</span>}
    </>
  );
}

const ACCOUNT_COLUMN: Column = {
  key: 'account', width: [76, 60],
  label: 'Account',
  numeric: false,
  className: 'col-account',
  wide: true,
  compact: true,
  cell: (r) => r.account,
};

export const COLUMNS: Column[] = [
  { key: 'symbol', width: [206, 200], label: 'Symbol', numeric: false, className: 'col-symbol', wide: true, compact: true, cell: (r) => <SymbolCell row={r} /> },
  {
    key: 'description', width: [170, 170],
    label: 'Description',
    numeric: false,
    className: 'col-desc',
    wide: true,
    compact: false,
    cell: (r) => <Description text={r.description} />,
  },
  {
    key: 'quantity', width: [78, 62],
    label: 'Qty',
    numeric: true,
    className: 'col-qty',
    wide: true,
    compact: true,
    cell: (r) =>
      r.quantity === null ? null : (
        <Masked>
          <span className={r.quantity < 0 ? 'qty short' : 'qty'}>{formatQuantity(r.quantity)}</span>
        </Masked>
      ),
  },
  {
    key: 'mark', width: [88, 78],
    label: 'Mark',
    title: 'Mark per share (bid/ask midpoint; NAV for funds) from the last refresh’s quotes',
    numeric: true,
    className: 'col-price',
    wide: true,
    compact: true,
    cell: (r) => <Quote row={r} value={r.mark} />,
  },
  {
    key: 'lastPrice', width: [88, 78],
    label: 'Last',
    title: 'Last trade per share (NAV for funds) from the last refresh’s quotes',
    numeric: true,
    className: 'col-price',
    wide: true,
    compact: false,
    cell: (r) => <Quote row={r} value={r.lastPrice} />,
  },
  {
    key: 'netChange', width: [84, 76],
    label: 'Chg',
    title: 'Change per share since the previous close',
    numeric: true,
    className: 'col-price',
    wide: false,
    compact: false,
    cell: (r) => <Quote row={r} value={r.netChange} signed />,
  },
  {
    key: 'netPercentChange', width: [80, 66],
    label: 'Chg %',
    title: 'Price change since the previous close',
    numeric: true,
    className: 'col-pct',
    wide: false,
    compact: false,
    cell: (r) => (r.kind === 'cash' ? null : <Percent value={r.netPercentChange} />),
  },
  {
    key: 'averagePrice', width: [88, 78],
    label: 'Avg price',
    title: 'Average cost per share',
    numeric: true,
    className: 'col-price',
    wide: true,
    compact: false,
    cell: (r) => (r.averagePrice === null ? null : <Money value={r.averagePrice} price />),
  },
  { key: 'marketValue', width: [116, 100], label: 'Market value', numeric: true, className: 'col-mv', wide: true, compact: true, cell: (r) => <Money value={r.marketValue} /> },
  {
    key: 'dayProfitLoss', width: [112, 96],
    label: 'Day P&L',
    numeric: true,
    className: 'col-pl',
    wide: true,
    compact: true,
    cell: (r) =>
      r.dayProfitLoss === null ? null : (
        <Signed value={r.dayProfitLoss}>
          <Money value={r.dayProfitLoss} signed />
        </Signed>
      ),
  },
  {
    key: 'dayProfitLossPercent', width: [80, 64],
    label: 'Day %',
    numeric: true,
    className: 'col-pct',
    wide: true,
    compact: true,
    cell: (r) => (r.kind === 'cash' ? null : <Percent value={r.dayProfitLossPercent} />),
  },
  {
    key: 'unrealizedProfitLoss', width: [116, 100],
    label: 'Unrealized P&L',
    numeric: true,
    className: 'col-pl',
    wide: true,
    compact: false,
    cell: (r) =>
      r.unrealizedProfitLoss === null ? null : (
        <Signed value={r.unrealizedProfitLoss}>
          <Money value={r.unrealizedProfitLoss} signed />
        </Signed>
      ),
  },
  {
    key: 'unrealizedProfitLossPercent', width: [80, 66],
    label: 'Unrl. %',
    title: 'Unrealized P&L against the cost basis',
    numeric: true,
    className: 'col-pct',
    wide: true,
    compact: false,
    cell: (r) => (r.kind === 'cash' ? null : <Percent value={r.unrealizedProfitLossPercent} />),
  },
  {
    key: 'weightPercent', width: [100, 66],
    label: 'Weight',
    title: 'Share of liquidation value (shorts negative); with cash, the rows add up to 100 %',
    numeric: true,
    className: 'col-weight',
    wide: true,
    compact: true,
    cell: (r) => <Weight value={r.weightPercent} />,
  },
  {
    key: 'delta', width: [70, 62],
    label: 'Delta',
    title: 'Option delta per share, from the quote stream',
    numeric: true,
    className: 'col-greek',
    wide: false,
    compact: false,
    cell: (r) => <OptionFigure row={r} value={r.delta} format={formatGreek} />,
  },
  {
    key: 'theta', width: [70, 62],
    label: 'Theta',
    title: 'Option theta: dollars per share per calendar day, from the quote stream',
    numeric: true,
    className: 'col-greek',
    wide: false,
    compact: false,
    cell: (r) => <OptionFigure row={r} value={r.theta} format={formatGreek} />,
  },
  {
    key: 'iv', width: [70, 62],
    label: 'IV',
    title: 'Implied volatility, from the quote stream',
    numeric: true,
    className: 'col-greek',
    wide: false,
    compact: false,
    cell: (r) => <OptionFigure row={r} value={r.iv} format={formatPercent} />,
  },
  {
    key: 'daysToExpiration', width: [60, 54],
    label: 'DTE',
    title: 'Days to expiration',
    numeric: true,
    className: 'col-greek',
    wide: false,
    compact: false,
    cell: (r) => <OptionFigure row={r} value={r.daysToExpiration} format={formatDays} />,
  },
];

const GROSS_DAY_TITLE = 'Day P&L of the rows shown against their gross value at the previous close (Σ |value|), longs and shorts alike';
const GROSS_COST_TITLE = 'Unrealized P&L of the rows shown against their gross cost (Σ |cost basis|), longs and shorts alike';

function FooterPercent({ value, title, mixed }: { value: number | null; title: string; mixed: boolean }) {
  return (
    <span title={title}>
      <Percent value={value} />
      {mixed && value !== null && <span className="base-label"> of gross</span>}
    </span>
  );
}

/** The totals row's cell for one column (empty where a sum means nothing, e.g. prices). */
function footerCell(key: SortKey, t: RowTotals): ReactNode {
  switch (key) {
    case 'marketValue':
      return <Money value={t.marketValue} />;
    case 'dayProfitLoss':
      return (
        <Signed value={t.dayProfitLoss}>
          <Money value={t.dayProfitLoss} signed />
        </Signed>
      );
    case 'dayProfitLossPercent':
      return <FooterPercent value={t.dayProfitLossPercent} title={GROSS_DAY_TITLE} mixed={t.mixed} />;
    case 'unrealizedProfitLoss':
      return (
        <Signed value={t.unrealizedProfitLoss}>
          <Money value={t.unrealizedProfitLoss} signed />
        </Signed>
      );
    case 'unrealizedProfitLossPercent':
      return <FooterPercent value={t.unrealizedProfitLossPercent} title={GROSS_COST_TITLE} mixed={t.mixed} />;
    case 'weightPercent':
      return (
        <Masked>
          <span title="Share of liquidation value of the rows shown">{formatPercent(t.weightPercent)}</span>
        </Masked>
      );
    default:
      return null;
  }
}

interface RowProps {
  row: PositionRow;
  columns: Column[];
  rowIndex: number;
  /** Flash the cells whose value changed (off under prefers-reduced-motion). */
  flash: boolean;
}

/** A poll rebuilds every row object; re-render a row only when something it shows changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.columns !== b.columns || a.rowIndex !== b.rowIndex || a.flash !== b.flash) return false;
  if (a.row === b.row) return true;
  const x = a.row;
  const y = b.row;
  return (
    x.key === y.key &&
    x.quantity === y.quantity &&
    x.averagePrice === y.averagePrice &&
    x.mark === y.mark &&
    x.lastPrice === y.lastPrice &&
    x.netChange === y.netChange &&
    x.netPercentChange === y.netPercentChange &&
    x.quoteTime === y.quoteTime &&
    x.marketValue === y.marketValue &&
    x.dayProfitLoss === y.dayProfitLoss &&
    x.dayProfitLossPercent === y.dayProfitLossPercent &&
    x.unrealizedProfitLoss === y.unrealizedProfitLoss &&
    x.unrealizedProfitLossPercent === y.unrealizedProfitLossPercent &&
    x.weightPercent === y.weightPercent &&
    x.delta === y.delta &&
    x.theta === y.theta &&
    x.iv === y.iv &&
    x.daysToExpiration === y.daysToExpiration &&
    x.description === y.description &&
    x.account === y.account
  );
}

/** How long a changed cell stays tinted. */
export const FLASH_MS = 600;
const flashingUntil = new Map<HTMLElement, number>();
let flashSweep: ReturnType<typeof setTimeout> | null = null;

/** Takes the tint off the cells whose moment is over; one timer for every flashing cell. */
function sweepFlashes(): void {
  flashSweep = null;
  const now = Date.now();
  let nextAt = Infinity;
  for (const [cell, until] of flashingUntil) {
    if (until <= now) {
      cell.classList.remove('flash');
      flashingUntil.delete(cell);
    } else nextAt = Math.min(nextAt, until);
  }
  if (nextAt !== Infinity) flashSweep = setTimeout(sweepFlashes, nextAt - now);
}

/** Tints a cell for FLASH_MS from now; a cell that changes again stays tinted that much longer. */
function flashCell(cell: HTMLElement): void {
  flashingUntil.set(cell, Date.now() + FLASH_MS);
  cell.classList.add('flash');
  if (flashSweep === null) flashSweep = setTimeout(sweepFlashes, FLASH_MS);
}

const Row = memo(function Row({ row, columns, rowIndex, flash }: RowProps) {
  const ref = useRef<HTMLTableRowElement>(null);
  const shown = useRef(row);
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = row;
    const tr = ref.current;
    if (!flash || !tr || before === row || before.key !== row.key) return;
    columns.forEach((c, i) => {
      const cell = tr.cells[i];
      if (c.numeric && cell && before[c.key] !== row[c.key]) flashCell(cell);
    });
  }, [row, columns, flash]);
  return (
    <tr ref={ref} className={row.kind === 'cash' ? 'pos-row cash-row' : 'pos-row'} aria-rowindex={rowIndex}>
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

/** The symbol always shows; other columns follow the user's choice, else the layout's default. */
function isColumnShown(c: Column, chosen: TablePrefs['columns'], compact: boolean): boolean {
  return c.key === 'symbol' || (chosen[c.key] ?? (compact ? c.compact : c.wide));
}

export interface PositionsTableProps {
  snapshot: PortfolioSnapshot;
  /** Account hash, or null for all accounts. */
  accountHash: string | null;
}

export function PositionsTable({ snapshot, accountHash }: PositionsTableProps) {
  const [query, setQuery] = useState('');
  const [prefs, setPrefs] = useState<TablePrefs>(loadTablePrefs);
  const sort = prefs.sort;
  const compact = useMediaQuery(COMPACT_QUERY);
  const reducedMotion = useMediaQuery(REDUCED_MOTION_QUERY);
  const deferredQuery = useDeferredValue(query);
  const showAccount = accountHash === null && snapshot.accounts.length > 1;
  const available = useMemo(() => (showAccount ? [ACCOUNT_COLUMN, ...COLUMNS] : COLUMNS), [showAccount]);
  const chosen = prefs.columns;
  const isShown = (c: Column): boolean => isColumnShown(c, chosen, compact);
  const columns = useMemo(() => available.filter((c) => isColumnShown(c, chosen, compact)), [available, chosen, compact]);

  const updatePrefs = (next: (p: TablePrefs) => TablePrefs): void =>
    setPrefs((p) => {
      const n = next(p);
      saveTablePrefs(n);
      return n;
    });
  const setSort = (next: (s: SortState) => SortState): void => updatePrefs((p) => ({ ...p, sort: next(p.sort) }));
  const toggleColumn = (key: SortKey, on: boolean): void => updatePrefs((p) => ({ ...p, columns: { ...p.columns, [key]: on } }));

  const allRows = useMemo(() => buildRows(snapshot, accountHash), [snapshot, accountHash]);
  const rows = useMemo(() => sortRows(filterRows(allRows, deferredQuery), sort), [allRows, deferredQuery, sort]);
  const totals = useMemo(() => totalsOfRows(rows), [rows]);

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
  const positionCount = useMemo(() => allRows.filter((r) => r.kind === 'position').length, [allRows]);

  return (
    <section className="card positions" aria-labelledby="positions-title">
      <div className="card-head">
        <h2 id="positions-title" className="card-title">
          Positions{' '}
          <span className="card-sub">
            {filtered ? `${totals.count} of ${positionCount}` : positionCount}
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
        <ExportPositionsButton rows={rows} />
        <details className="col-picker">
          <summary>Columns</summary>
          <fieldset className="col-picker-menu">
            <legend>Columns shown</legend>
            {available
              .filter((c) => c.key !== 'symbol')
              .map((c) => (
                <label key={c.key}>
                  <input type="checkbox" checked={isShown(c)} onChange={(e) => toggleColumn(c.key, e.target.checked)} /> {c.label}
                </label>
              ))}
          </fieldset>
        </details>
      </div>
      <div
        ref={scrollRef}
        className="table-scroll"
        tabIndex={0}
        role="region"
        aria-label="Positions (scrollable)"
        onScroll={(e) => setFirstVisible(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT))}
      >
        <table
          className="pos-table"
          style={{ minWidth: columns.reduce((w, c) => w + c.width[compact ? 1 : 0], 0) }}
          aria-labelledby="positions-title"
          aria-rowcount={rows.length + 2}
        >
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    style={{ width: c.width[compact ? 1 : 0] }}
                    className={`${c.className}${c.numeric ? ' num' : ''}${active ? ' sorted' : ''}`}
                    aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <button type="button" className="sort-btn" title={c.title} onClick={() => setSort((s) => nextSort(s, c.key))}>
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
              <Row key={row.key} row={row} columns={columns} rowIndex={start + i + 2} flash={!reducedMotion} />
            ))}
            {padBottom > 0 && (
              <tr className="spacer" aria-hidden="true">
                <td colSpan={columns.length} style={{ height: padBottom }} />
              </tr>
            )}
            {totals.count === 0 && (
              <tr className="empty-row">
                <td colSpan={columns.length}>
                  {positionCount === 0 ? 'No positions in this account.' : `No positions match “${deferredQuery.trim()}”.`}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr className="totals-row" aria-rowindex={rows.length + 2}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.key} scope="row" className={`totals-label ${c.className}`}>
                    {filtered ? `Total · ${totals.count} shown` : 'Total · account value'}
                  </th>
                ) : (
                  <td key={c.key} className={`${c.className}${c.numeric ? ' num' : ''}`}>
                    {footerCell(c.key, totals)}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
