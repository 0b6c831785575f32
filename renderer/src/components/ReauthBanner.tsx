// The sign-in deadline: a countdown with "Renew now" in the last 24 h, and a blocking (but non-destructive)
// banner once Schwab requires a new sign-in — the cached portfolio stays on screen, greyed, with its age.
import type { AuthState, PortfolioSnapshot, SignInStart } from '../../../common/contract';
import { formatAge, formatDuration, msUntil } from '../format/timeFormat';
import { useNow } from '../hooks/useNow';
import { signInErrorText } from './signInErrors';
import { SignInProgress } from './SignInProgress';

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

export interface ReauthBannerProps {
  auth: AuthState;
  snapshot: PortfolioSnapshot | null;
  start: SignInStart | null;
  busy: boolean;
  onRenew(): void;
  onAuth(auth: AuthState): void;
}

export function ReauthBanner({ auth, snapshot, start, busy, onRenew, onAuth }: ReauthBannerProps) {
  const left = msUntil(auth.refreshExpiresAt, Date.now());
  // Tick every second in the last hour, otherwise twice a minute.
  const now = useNow(left !== null && left < HOUR_MS ? 1000 : 30_000);
  const remaining = msUntil(auth.refreshExpiresAt, now);

  if (auth.status === 'signing-in') {
    return (
      <div className="banner info" data-testid="reauth-banner">
        <SignInProgress start={start} onAuth={onAuth} onRestart={onRenew} compact />
      </div>
    );
  }

  if (auth.status === 'reauth-required') {
    const text = auth.lastError ? signInErrorText(auth.lastError) : null;
    return (
      <div className="banner danger blocking" role="alert" data-testid="reauth-banner">
        <div className="banner-text">
          <strong>Sign in to Schwab again to resume live prices</strong>
          <p>
            {auth.reason ?? text?.advice ?? 'Schwab no longer accepts this connection.'}{' '}
            {snapshot ? (
              <>
                The cached figures below are <span data-testid="cached-age">{formatAge(snapshot.asOf, now)}</span> and
                will not update until then.
              </>
            ) : (
              'No cached portfolio is available.'
            )}
          </p>
        </div>
        <button type="button" className="btn primary" onClick={onRenew} disabled={busy}>
          {busy ? 'Opening Schwab…' : 'Sign in again'}
        </button>
      </div>
    );
  }

  if (auth.status === 'signed-in' && remaining !== null && remaining < DAY_MS) {
    const expired = remaining <= 0;
    return (
      <div className={`banner ${remaining < HOUR_MS ? 'danger' : 'warn'}`} role="status" data-testid="reauth-banner">
        <div className="banner-text">
          <strong>
            {expired ? (
              'Your Schwab sign-in has expired'
            ) : (
              <>
                Schwab sign-in expires in <span data-testid="reauth-countdown">{formatDuration(remaining)}</span>
              </>
            )}
          </strong>
          <p>Schwab requires a fresh sign-in every 7 days. Renew now to keep prices flowing without a gap.</p>
        </div>
        <button type="button" className="btn primary" onClick={onRenew} disabled={busy}>
          {busy ? 'Opening Schwab…' : 'Renew now'}
        </button>
      </div>
    );
  }
  return null;
}
