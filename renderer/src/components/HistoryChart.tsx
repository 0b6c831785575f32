// Liquidation value over 1D / 1W / 1M / 1Y / All from the local history, for all accounts or the selected one.
// lightweight-charts is loaded on demand (its own chunk) and skipped where there is no layout engine (jsdom);
// the range's change is also given as text, which is what screen readers get.
import { asCents, percentOf, toCents, ZERO_CENTS, type Cents } from '../../../common/money/cents';
import { useEffect, useRef, useState } from 'react';
import type { HistoryPoint, HistoryRange } from '../../../common/contract';
import type { AutoscaleInfo, IChartApi, ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { formatCurrency, MASK } from '../../../common/format/numberFormat';
import type { EffectiveTheme } from '../hooks/useTheme';
import { usePrivacy } from '../privacyContext';
import { Change } from './Change';
import { Money } from './Money';

export const RANGES: { id: HistoryRange; label: string }[] = [
  { id: '1D', label: '1D' },
  { id: '1W', label: '1W' },
  { id: '1M', label: '1M' },
  { id: '1Y', label: '1Y' },
  { id: 'ALL', label: 'All' },
];

const PALETTE = {
  light: { text: '#5d6675', grid: 'rgba(20, 30, 50, 0.06)', up: '#0b8a5a', down: '#c9323f', crosshair: '#8a93a3' },
  dark: { text: '#98a2b3', grid: 'rgba(200, 210, 230, 0.07)', up: '#2fc28b', down: '#f0616d', crosshair: '#6b7485' },
} as const;

/** lightweight-charts draws UTC; shift each point by the local offset so the axis reads in local time. */
function toChartData(points: HistoryPoint[]): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  let last = -Infinity;
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    const t = p.time - new Date(p.time * 1000).getTimezoneOffset() * 60;
    if (t <= last) continue; // the chart needs strictly increasing times
    out.push({ time: t as UTCTimestamp, value: p.value });
    last = t;
  }
  return out;
}

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function canDrawCharts(): boolean {
  return typeof ResizeObserver !== 'undefined' && typeof HTMLCanvasElement !== 'undefined' && !/jsdom/i.test(navigator.userAgent);
}

/**
 * A flat series (the first run, a cash-only account) would make the price scale zoom into a one-cent band and
 * label it in one-cent steps; keep at least 0.1 % of the value (and $1) between the top and the bottom.
 */
export function widenFlatRange(range: { minValue: number; maxValue: number }): { minValue: number; maxValue: number } {
  const span = range.maxValue - range.minValue;
  const mid = (range.maxValue + range.minValue) / 2;
  const least = Math.max(1, Math.abs(mid) * 0.001);
  if (span >= least) return range;
  return { minValue: mid - least / 2, maxValue: mid + least / 2 };
}

const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export interface HistoryChartProps {
  /** Account hash, or null for the total. */
  accountHash: string | null;
  /** Today's change and its percent as the header shows them (against the previous close). */
  dayChange: Cents;
  dayChangePercent: number;
  /** Changes whenever a new snapshot lands, so the chart follows the live value. */
  asOf: string | null;
  theme: EffectiveTheme;
  title: string;
}

export function HistoryChart({ accountHash, dayChange, dayChangePercent, asOf, theme, title }: HistoryChartProps) {
  const api = useApi();
  const privacy = usePrivacy();
  const [range, setRange] = useState<HistoryRange>('1M');
  // Points are kept with the range and account they were fetched for: after a switch, the previous range's
  // points must neither be drawn nor fitted as if they were the new range's (the chart would keep their
  // zoom, showing only the last few points, until something else forced a refit).
  const key = `${range}|${accountHash ?? ''}`;
  const [loaded, setLoaded] = useState<{ key: string; points: HistoryPoint[] } | null>(null);
  const points = loaded?.key === key ? loaded.points : null;
  const [error, setError] = useState<string | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<{ chart: IChartApi; series: ISeriesApi<'Area'> } | null>(null);
  const [chartReady, setChartReady] = useState(false);
  const fitKey = useRef('');

  // History moves slowly next to a 10-second poll: follow new snapshots at most once a minute.
  const minute = asOf ? Math.floor(Date.parse(asOf) / 60_000) : 0;
  useEffect(() => {
    let live = true;
    const request = accountHash ? api.getHistory(range, accountHash) : api.getHistory(range);
    const requestKey = `${range}|${accountHash ?? ''}`;
    request.then(
      (p) => {
        if (!live) return;
        setLoaded({ key: requestKey, points: p });
        setError(null);
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [api, range, accountHash, minute]);

  // Create the chart once; lightweight-charts arrives as a separate chunk.
  useEffect(() => {
    if (!canDrawCharts() || !hostRef.current) return;
    let disposed = false;
    void import('lightweight-charts').then(({ createChart, AreaSeries, ColorType, LineStyle }) => {
      if (disposed || !hostRef.current) return;
      const chart = createChart(hostRef.current, {
        autoSize: true,
        layout: {
          background: { type: ColorType.Solid, color: 'transparent' },
          fontFamily: getComputedStyle(document.body).fontFamily,
          fontSize: 11,
          // The logo injects a <style> element, which the CSP forbids; attribution is in the card footer.
          attributionLogo: false,
        },
        rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.12, bottom: 0.08 } },
        timeScale: { borderVisible: false, fixLeftEdge: true, fixRightEdge: true },
        crosshair: { vertLine: { style: LineStyle.Dashed }, horzLine: { style: LineStyle.Dashed } },
        handleScale: { axisPressedMouseMove: false },
      });
      const series = chart.addSeries(AreaSeries, {
        lineWidth: 2,
        priceLineVisible: false,
        lastValueVisible: true,
        autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
          const info = original();
          return info?.priceRange ? { ...info, priceRange: widenFlatRange(info.priceRange) } : info;
        },
      });
      chartRef.current = { chart, series };
      setChartReady(true);
    });
    return () => {
      disposed = true;
      chartRef.current?.chart.remove();
      chartRef.current = null;
      setChartReady(false);
    };
  }, []);

  const first = points?.[0];
  const last = points?.[points.length - 1];
  // 1D is measured from the previous close, the header's base; longer ranges from their first point.
  const intraday = range === '1D';
  // History points are dollars; the change between two of them is taken in cents like every other figure.
  const change: Cents = intraday ? dayChange : first && last ? asCents(toCents(last.value) - toCents(first.value)) : ZERO_CENTS;
  const changePct = intraday ? dayChangePercent : first && last && first.value !== 0 ? percentOf(change, asCents(Math.abs(toCents(first.value)))) : 0;
  const since = intraday ? 'since the previous close' : first ? `since ${shortDate.format(first.time * 1000)}` : '';
  const up = change >= 0;

  useEffect(() => {
    const c = chartRef.current;
    if (!chartReady || !c) return;
    const colours = PALETTE[theme];
    const line = up ? colours.up : colours.down;
    c.chart.applyOptions({
      layout: { textColor: colours.text },
      grid: { vertLines: { color: colours.grid }, horzLines: { color: colours.grid } },
      crosshair: {
        vertLine: { color: colours.crosshair, labelBackgroundColor: colours.crosshair },
        horzLine: { color: colours.crosshair, labelBackgroundColor: colours.crosshair, labelVisible: !privacy },
      },
      rightPriceScale: { visible: !privacy },
      timeScale: { timeVisible: range === '1D' || range === '1W', secondsVisible: false },
      localization: { priceFormatter: (v: number) => (privacy ? MASK : formatCurrency(toCents(v))) },
    });
    c.series.applyOptions({
      lineColor: line,
      topColor: rgba(line, 0.28),
      bottomColor: rgba(line, 0.02),
      lastValueVisible: !privacy,
    });
    c.series.setData(toChartData(points ?? []));
    // Fit once per range/account, when that range's own points have arrived.
    if (fitKey.current !== key && points) {
      c.chart.timeScale().fitContent();
      fitKey.current = key;
    }
  }, [chartReady, points, theme, privacy, range, key, up]);

  return (
    <section className="card history" aria-labelledby="history-title">
      <div className="card-head">
        <h2 id="history-title" className="card-title">
          Value history <span className="card-sub">{title}</span>
        </h2>
        <div className="segmented" role="group" aria-label="History range">
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              className="seg"
              aria-pressed={range === r.id}
              onClick={() => setRange(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <p className="history-summary" data-testid="history-summary">
        {error ? (
          <span className="error-text">History unavailable: {error}</span>
        ) : points && points.length > 1 && first && last ? (
          <>
            <Money value={toCents(last.value)} className="history-last" />{' '}
            <Change value={change} percent={changePct} />{' '}
            <span className="muted">{since}</span>
          </>
        ) : points && points.length === 1 ? (
          <span className="muted">Recording started — the chart fills in as Arbion keeps running.</span>
        ) : points ? (
          <span className="muted">No history for this range yet — Arbion records balances while it runs.</span>
        ) : (
          <span className="muted">Loading history…</span>
        )}
      </p>
      <div ref={hostRef} className="chart-host" role="img" aria-label={`Liquidation value chart, ${range}`} />
      <p className="chart-credit">
        Charts by{' '}
        <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
          TradingView Lightweight Charts™
        </a>
      </p>
    </section>
  );
}
