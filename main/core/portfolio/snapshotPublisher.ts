// What the hosts see: the latest data with its freshness, emitted to listeners (account numbers masked) only
// when something visible changed. This is the one place data leaves the portfolio service, so a model store
// plugs in here.
import type { PortfolioSnapshot, Unsubscribe } from '../../../common/contract';
import type { ArbionError } from '../errors';
import type { Clock, Logger } from '../ports';
import { withKnownGreeks } from '../../../common/portfolio/knownGreeks';
import { computeFreshness } from './freshness';
import { maskSnapshot } from './masking';
import { snapshotChanged } from './snapshotDiff';

/** What freshness depends on besides the data itself. */
export interface FreshnessSource {
  lastSuccessAt(): number | null;
  lastError(): ArbionError | null;
  intervalMs(): number;
  reauthRequired(): boolean;
  /** The quote stream is healthy (absent: no stream). */
  streamingHealthy?(): boolean;
}

export interface SnapshotPublisher {
  /** The data without freshness (the last good refresh or the cache), or null. */
  data(): PortfolioSnapshot | null;
  setData(snapshot: PortfolioSnapshot): void;
  /** Recomputes freshness and emits when anything visible changed. */
  publish(): void;
  /** A price patch was applied and sent as such: both the data and what the window holds move with it. */
  replaceAfterPatch(data: PortfolioSnapshot, composed: PortfolioSnapshot): void;
  current(): PortfolioSnapshot | null;
  currentWithAccountNumbers(): PortfolioSnapshot | null;
  onSnapshot(cb: (snapshot: PortfolioSnapshot) => void): Unsubscribe;
  clear(): void;
}

export function createSnapshotPublisher(options: { clock: Clock; logger: Logger; freshness: FreshnessSource }): SnapshotPublisher {
  const { clock, logger: log, freshness: source } = options;
  const listeners = new Set<(s: PortfolioSnapshot) => void>();
  /** Raw (unmasked) data from the last good poll or the cache, without freshness. */
  let data: PortfolioSnapshot | null = null;
  /** The data with freshness, as of the last publish. */
  let composed: PortfolioSnapshot | null = null;
  /** What was last emitted (for the structural diff). */
  let emitted: PortfolioSnapshot | null = null;

  return {
    data: () => data,
    setData(snapshot) {
      data = withKnownGreeks(snapshot, data);
    },

    publish() {
      if (data === null) return;
      const { freshness, reason } = computeFreshness({
        now: clock.now(),
        // Cached data is as old as its as-of, not as old as this process.
        lastSuccessAt: source.lastSuccessAt() ?? (data.source === 'cache' ? Date.parse(data.asOf) : null),
        lastError: source.lastError(),
        intervalMs: source.intervalMs(),
        reauthRequired: source.reauthRequired(),
        streamingHealthy: source.streamingHealthy?.() ?? false,
      });
      composed = { ...data, freshness, freshnessReason: reason };
      if (!snapshotChanged(emitted, composed)) return;
      emitted = composed;
      const masked = maskSnapshot(composed);
      for (const cb of listeners) {
        try {
          cb(masked);
        } catch (e) {
          log.error('snapshot listener failed', { error: e });
        }
      }
    },

    replaceAfterPatch(nextData, nextComposed) {
      data = nextData;
      composed = nextComposed;
      emitted = nextComposed;
    },

    current: () => (composed ? maskSnapshot(composed) : null),
    currentWithAccountNumbers: () => composed,

    onSnapshot(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },

    clear() {
      data = null;
      composed = null;
      emitted = null;
    },
  };
}
