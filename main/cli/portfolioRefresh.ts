// One live refresh for a one-shot data command, through the core's refreshNow handler: exactly one poll of
// Schwab (one accounts request; the number→hash map comes from SQLite after the first refresh of a sign-in). When Schwab is unreachable or
// limiting requests, the cached snapshot is used and stderr says so; when the sign-in is gone, the
// command fails with one line that says how to sign in again.
import type { Freshness, PortfolioSnapshot } from '../../common/contract';
import type { InProcessCore } from '../core/api/coreTypes';
import { ArbionError } from '../core/errors';
import type { CliContext } from './context';
import { whenText } from './timeText';
import { isLiveFreshness } from '../../common/portfolio/liveness';

export interface RefreshedPortfolio {
  /** Account numbers masked ("…4410"): for tables and one-liners. */
  masked: PortfolioSnapshot;
  /** Full account numbers: only for --json (the user's own machine) and for matching --account. */
  full: PortfolioSnapshot;
  core: InProcessCore;
}

export const LOGIN_HINT = 'Run `arbion login` to sign in again.';
/** For a newcomer with no Schwab app yet: the local sandbox, whose banner prints the line to paste. */
export const SANDBOX_HINT = 'No Schwab app yet? Run `arbion sandbox` and paste the export line it prints.';
export const NOT_CONFIGURED_HINT = `Set SCHWAB_CLIENT_ID and SCHWAB_CLIENT_SECRET, then run \`arbion login\`. ${SANDBOX_HINT}`;

const NOT_FRESH: Record<Exclude<Freshness, 'fresh' | 'streaming' | 'reauth-required'>, string> = {
  offline: 'Schwab cannot be reached.',
  'rate-limited': 'Schwab is limiting requests (HTTP 429).',
  stale: 'The refresh did not return live data.',
};

function sentence(text: string): string {
  const t = text.replace(/\s*\n\s*/g, ' ').trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ArbionError('Internal', 'Interrupted.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ArbionError('Internal', 'Interrupted.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function reauthError(reason: string | null): ArbionError {
  // The stored reason may already end in "Sign in again."; the hint below says how.
  const why = (reason ?? 'Schwab no longer accepts the saved sign-in.').trim().replace(/\s*Sign in again\.?$/i, '');
  return new ArbionError('ReauthRequired', `${sentence(why)} ${LOGIN_HINT}`);
}

/** True only for numbers Schwab just sent; a cached or stale snapshot gets a note (and, in a one-liner, a mark). */
export function isLiveData(snapshot: PortfolioSnapshot): boolean {
  return isLiveFreshness(snapshot.freshness) && snapshot.source !== 'cache';
}

export async function refreshPortfolio(ctx: CliContext): Promise<RefreshedPortfolio> {
  const core = await ctx.core();
  const { handlers, inProcess } = core;
  const before = await handlers.getAuthState();
  if (before.status === 'signed-out' || before.status === 'signing-in') {
    throw new ArbionError(
      'NotSignedIn',
      before.configured
        ? 'Not signed in to Schwab. Run `arbion login` to sign in.'
        : `Not signed in to Schwab. ${NOT_CONFIGURED_HINT}`,
    );
  }

  const masked = await abortable(handlers.refreshNow(), ctx.signal);
  const full = inProcess.snapshotWithAccountNumbers();
  const after = await handlers.getAuthState();
  const lastError = inProcess.lastRefreshError();

  // Showing numbers while the sign-in is gone would hide the one thing the user must do.
  if (after.status === 'reauth-required' || full?.freshness === 'reauth-required') throw reauthError(after.reason);
  if (after.status === 'signed-out') throw new ArbionError('NotSignedIn', 'Signed out. Run `arbion login` to sign in.');
  if (!full || !masked) {
    const why = lastError ? `${lastError.message}` : 'Schwab returned no data.';
    throw new ArbionError(lastError?.code ?? 'Internal', `No live data and no saved snapshot yet: ${why}`, {
      ...(lastError?.status ? { status: lastError.status } : {}),
    });
  }
  if (!isLiveData(full)) {
    const why = lastError ? sentence(lastError.message) : isLiveFreshness(full.freshness) ? NOT_FRESH.stale : NOT_FRESH[full.freshness];
    ctx.err(`Note: ${why} Showing the saved snapshot from ${whenText(full.asOf)} [freshness: ${full.freshness}].`);
  }
  return { masked, full, core };
}
