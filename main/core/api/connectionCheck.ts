// "Test connection" (the health check in Diagnostics): configuration, token validity, a timed accounts call,
// and the clock skew against Schwab's Date header. Each check says what it found in plain words.
import type { ConnectionCheck, ConnectionReport } from '../../../common/contract';
import { toArbionError } from '../errors';
import type { Clock } from '../ports';
import type { Session } from './session';

const SKEW_WARN_MS = 60_000;

function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 172_800_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.round(abs / 86_400_000)} days`;
}

export async function testConnection(session: Session, clock: Clock): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  const now = clock.now();
  const state = session.auth.getState();

  checks.push({
    name: 'App credentials',
    ok: state.configured,
    detail: state.configured
      ? `${state.mode === 'demo' ? 'Demo sandbox app' : 'Schwab app'}; callback ${state.redirectUri ?? '—'}`
      : 'No App Key and Secret yet: enter them in Sign in, or set SCHWAB_CLIENT_ID and SCHWAB_CLIENT_SECRET.',
  });

  const meta = session.vault.meta();
  const refreshLeft = meta.refreshExpiresAt === null ? null : meta.refreshExpiresAt - now;
  checks.push({
    name: 'Sign-in',
    ok: state.status === 'signed-in' && refreshLeft !== null && refreshLeft > 0,
    detail:
      state.status === 'signed-in' && refreshLeft !== null
        ? `Signed in; the sign-in lasts ${duration(refreshLeft)} more (Schwab's 7-day limit).`
        : state.status === 'reauth-required'
          ? `Sign in again: ${state.reason ?? 'Schwab no longer accepts the saved sign-in.'}`
          : 'Not signed in.',
  });

  let clockSkewMs: number | null = null;
  if (state.status === 'signed-in') {
    try {
      // The same request a refresh makes, so its time is the time a refresh waits on Schwab.
      const res = await session.accounts.getAccountsWithPositions();
      const positions = res.data.reduce((n, a) => n + (a.securitiesAccount.positions?.length ?? 0), 0);
      checks.push({
        name: 'Accounts request',
        ok: true,
        detail: `Schwab answered with ${res.data.length} linked account${res.data.length === 1 ? '' : 's'} and ${positions} position${positions === 1 ? '' : 's'}.`,
        ms: Math.round(res.ms),
      });
      if (res.serverDate) {
        const server = Date.parse(res.serverDate);
        if (Number.isFinite(server)) clockSkewMs = server - clock.now();
      }
      // Schwab just accepted the token (the request above carried it, after a refresh if one was due).
      const accessLeft = session.vault.meta().accessExpiresAt;
      checks.push({
        name: 'Access token',
        ok: true,
        detail: accessLeft ? `Accepted by Schwab; valid for ${duration(accessLeft - clock.now())} more, renewed automatically.` : 'Accepted by Schwab.',
      });
    } catch (e) {
      const err = toArbionError(e);
      checks.push({ name: 'Accounts request', ok: false, detail: `${err.code}: ${err.message}` });
    }
  }

  if (clockSkewMs !== null) {
    // Date headers have 1-second resolution; anything under a minute is harmless for token expiry maths.
    const ok = Math.abs(clockSkewMs) < SKEW_WARN_MS;
    checks.push({
      name: 'Clock',
      ok,
      detail: ok
        ? `This computer's clock is within ${duration(clockSkewMs)} of Schwab's.`
        : `This computer's clock is ${duration(clockSkewMs)} ${clockSkewMs > 0 ? 'behind' : 'ahead of'} Schwab's: token expiry times will be off.`,
    });
  }

  return { ok: checks.every((c) => c.ok), checkedAt: new Date(clock.now()).toISOString(), checks, clockSkewMs };
}
