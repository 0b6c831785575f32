// The start-up cache: the last live snapshot, shown at once (source "cache") on the next start. A 10-account
// portfolio serialises to ~1 MB; writing it every 10 s would cost ~8 GB of disk writes a day for a display
// shown for a second, so it is written at once, then at most once a minute, and on stop.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Clock } from '../ports';
import type { SnapshotCache } from '../store/snapshotCache';
import { snapshotChanged } from './snapshotDiff';

export const CACHE_WRITE_INTERVAL_MS = 60_000;

export interface SnapshotCacheWriter {
  /** The cached snapshot marked as such, or null. */
  load(): PortfolioSnapshot | null;
  /** A new live snapshot: written now unless one was written within the minute. */
  record(snapshot: PortfolioSnapshot): void;
  /** Repriced data between refreshes (ticks): kept for the next throttled write, without a diff per tick. */
  markPending(snapshot: PortfolioSnapshot): void;
  /** Writes what is pending regardless of the throttle (on stop). */
  flush(): void;
  clear(): void;
}

export function createSnapshotCacheWriter(cache: SnapshotCache, clock: Clock): SnapshotCacheWriter {
  /** The snapshot last loaded or recorded, to tell whether a new one is worth a row. */
  let last: PortfolioSnapshot | null = null;
  /** A live snapshot not yet in the cache. */
  let pending: PortfolioSnapshot | null = null;
  let writtenAt: number | null = null;

  function write(force: boolean): void {
    if (pending === null) return;
    const now = clock.now();
    if (!force && writtenAt !== null && now - writtenAt < CACHE_WRITE_INTERVAL_MS) return;
    cache.save(pending);
    pending = null;
    writtenAt = now;
  }

  return {
    load() {
      const cached = cache.load();
      if (cached) last = { ...cached, source: 'cache' };
      return cached ? last : null;
    },
    record(snapshot) {
      // Unchanged numbers need no new row (the as-of in the cache may lag; it is only a start-up view).
      if (last === null || snapshotChanged(last, snapshot)) pending = snapshot;
      last = snapshot;
      write(false);
    },
    markPending(snapshot) {
      pending = snapshot;
      last = snapshot;
    },
    flush: () => write(true),
    clear() {
      last = null;
      pending = null;
      writtenAt = null;
      cache.clear();
    },
  };
}
