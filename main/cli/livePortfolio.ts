// The portfolio as it moves, for the CLI's live commands: the core opened with polling and the quote stream
// on, one refresh to start from, then every snapshot and price patch the core emits, applied with the
// model's one reducer (the same the window uses). Resolves once the command is interrupted (Ctrl-C).
import type { PortfolioPatch, PortfolioSnapshot } from '../../common/contract';
import { reducePortfolio } from '../../common/portfolio/reducer';
import type { CliContext } from './context';
import { refreshPortfolio } from './portfolioRefresh';

export type LiveChange = { type: 'snapshot'; snapshot: PortfolioSnapshot } | { type: 'patch'; patch: PortfolioPatch };

/**
 * Calls `onStart` with the first snapshot with full account numbers (to resolve `--account`), then
 * `onChange` with the first snapshot and with each change and the portfolio after it (account numbers masked).
 */
export async function followPortfolio(
  ctx: CliContext,
  onChange: (change: LiveChange, now: PortfolioSnapshot) => void,
  onStart?: (full: PortfolioSnapshot) => void,
): Promise<void> {
  await ctx.core({ live: true });
  const { masked, full, core } = await refreshPortfolio(ctx);
  onStart?.(full);
  let state: PortfolioSnapshot = masked;
  onChange({ type: 'snapshot', snapshot: state }, state);
  const offs = [
    core.events.on('snapshot', (snapshot) => {
      state = snapshot;
      onChange({ type: 'snapshot', snapshot }, state);
    }),
    core.events.on('portfolioPatch', (patch) => {
      const next = reducePortfolio(state, { type: 'patch', patch });
      if (next.patch === null || next.snapshot === null) return;
      state = next.snapshot;
      onChange({ type: 'patch', patch }, state);
    }),
  ];
  try {
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    for (const off of offs) off();
  }
}
