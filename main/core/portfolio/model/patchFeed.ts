// Price changes between full refreshes: each goes through the model's one reducer (common/portfolio) on the
// raw data (full account numbers, for the cache and `--json`), and the resulting patch goes to the
// subscribers (the hosts forward it as the `portfolioPatch` event). A patch carries account hashes only,
// never an account number, so it needs no masking.
import type { PortfolioPatch, PortfolioSnapshot, PricePatch, Unsubscribe } from '../../../../common/contract';
import { reducePortfolio } from '../../../../common/portfolio/reducer';
import type { Logger } from '../../ports';

export interface PricedState {
  /** Raw data of the last refresh. */
  data: PortfolioSnapshot;
  /** The same with its freshness, as last published. */
  composed: PortfolioSnapshot;
}

export interface PatchFeed {
  /** The state after the prices, and the patch to send; null when the prices changed nothing. */
  apply(state: PricedState, prices: readonly PricePatch[]): (PricedState & { patch: PortfolioPatch }) | null;
  /** Sends the patch; called once the patched state is the current one, so a subscriber reads it. */
  emit(patch: PortfolioPatch): void;
  subscribe(cb: (patch: PortfolioPatch) => void): Unsubscribe;
}

/**
 * What was published after the patch. When it was composed from the current data (it shares its accounts),
 * it is the patched data with the published freshness: one reducer pass. Otherwise (a refresh landed but is
 * not published yet) the window holds the older figures, so the patch is applied to those.
 */
function patchedComposed(state: PricedState, data: PortfolioSnapshot, patch: PortfolioPatch): PortfolioSnapshot {
  const { composed } = state;
  if (composed.accounts === state.data.accounts) {
    return { ...data, freshness: composed.freshness, freshnessReason: composed.freshnessReason };
  }
  return reducePortfolio(composed, { type: 'patch', patch }).snapshot ?? composed;
}

export function createPatchFeed(log: Logger): PatchFeed {
  const listeners = new Set<(patch: PortfolioPatch) => void>();
  return {
    apply(state, prices) {
      const { snapshot: data, patch } = reducePortfolio(state.data, { type: 'prices', prices });
      if (patch === null || data === null) return null;
      return { data, composed: patchedComposed(state, data, patch), patch };
    },
    emit(patch) {
      for (const cb of listeners) {
        try {
          cb(patch);
        } catch (e) {
          log.error('patch listener failed', { error: e });
        }
      }
    },
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
