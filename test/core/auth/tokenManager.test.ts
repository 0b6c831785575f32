// Token refresh against the sandbox over real HTTP, with a fake clock for the app's side of time.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthState } from '../../../common/contract';
import { AuthService } from '../../../main/core/auth/authService';
import { isArbionError, type ArbionError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/log/logger';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { createHarness, getAccounts, signInThroughBrowser, tokenCalls, type Harness } from './authHarness';
import { FakeClock } from '../../support/fakeClock';

const MIN = 60_000;
const DAY = 86_400_000;

const harnesses: Harness[] = [];
async function signedIn(clock: FakeClock): Promise<Harness> {
  const h = await createHarness({ clock });
  harnesses.push(h);
  await signInThroughBrowser(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function rejection(p: Promise<unknown>): Promise<ArbionError> {
  try {
    await p;
  } catch (e) {
    expect(isArbionError(e), String(e)).toBe(true);
    return e as ArbionError;
  }
  throw new Error('expected a rejection');
}

/** What the Schwab client does: Bearer request, and on 401 one refresh and one retry. */
async function apiCall(h: Harness): Promise<number> {
  let token = await h.auth.tokens.getAccessToken();
  let res = await getAccounts(h, token);
  if (res.status === 401) {
    await res.body?.cancel();
    token = await h.auth.tokens.refreshAfterUnauthorized(token);
    res = await getAccounts(h, token);
  }
  await res.body?.cancel();
  return res.status;
}

describe('token manager', () => {
  it('refreshes only when less than 5 minutes remain; the 7-day deadline does not move', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const first = (await h.vault.readTokens())!;
    const calls = tokenCalls(h);
    const seen: AuthState[] = [];
    h.auth.onState((s) => seen.push(s));

    clock.advance(25 * MIN - 1000); // 5 min + 1 s left
    expect(await h.auth.tokens.getAccessToken()).toBe(first.accessToken);
    expect(tokenCalls(h)).toBe(calls);

    clock.advance(2000); // 4 min 59 s left
    const fresh = await h.auth.tokens.getAccessToken();
    expect(fresh).not.toBe(first.accessToken);
    expect(tokenCalls(h)).toBe(calls + 1);
    const after = (await h.vault.readTokens())!;
    expect(after).toMatchObject({
      accessToken: fresh,
      refreshToken: first.refreshToken,
      signedInAt: first.signedInAt,
      refreshExpiresAt: first.refreshExpiresAt,
      accessExpiresAt: clock.now() + 1800 * 1000,
      refreshedAt: clock.now(),
    });
    expect(await apiCall(h)).toBe(200);
    expect(h.audit.list(1)[0]).toMatchObject({ event: 'token-refresh', outcome: 'ok' });
    expect(seen.at(-1)?.accessExpiresAt).toBe(new Date(clock.now() + 1800 * 1000).toISOString());

    // Days later, refreshing again still keeps the deadline from the original sign-in.
    clock.advance(3 * DAY);
    await h.auth.tokens.getAccessToken();
    expect((await h.vault.readTokens())!.refreshExpiresAt).toBe(first.refreshExpiresAt);
  });

  it('renews a token shorter-lived than the 5-minute buffer at half-life, not on every request', async () => {
    const clock = new FakeClock(Date.now());
    const h = await createHarness({ clock, sandbox: { accessTokenTtlSec: 60 } });
    harnesses.push(h);
    await signInThroughBrowser(h);
    const calls = tokenCalls(h);
    const first = await h.auth.tokens.getAccessToken();
    clock.advance(20_000);
    expect(await h.auth.tokens.getAccessToken()).toBe(first);
    expect(await h.auth.tokens.getAccessToken()).toBe(first);
    expect(tokenCalls(h)).toBe(calls);
    clock.advance(11_000); // 29 s left of 60: past half-life
    expect(await h.auth.tokens.getAccessToken()).not.toBe(first);
    expect(tokenCalls(h)).toBe(calls + 1);
  });

  it('persists a rotated refresh token and keeps the deadline from the sign-in', async () => {
    const clock = new FakeClock(Date.now());
    const h = await createHarness({ clock, sandbox: { rotateRefreshTokens: true } });
    harnesses.push(h);
    await signInThroughBrowser(h);
    const first = (await h.vault.readTokens())!;

    clock.advance(26 * MIN);
    await h.auth.tokens.getAccessToken();
    const second = (await h.vault.readTokens())!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.refreshExpiresAt).toBe(first.refreshExpiresAt);
    expect(h.audit.list(1)[0]).toMatchObject({ event: 'token-refresh', outcome: 'ok', detail: 'access token refreshed; refresh token rotated' });

    // The sandbox retired the old refresh token: the next refresh only works because the new one was kept.
    clock.advance(26 * MIN);
    await h.auth.tokens.getAccessToken();
    const third = (await h.vault.readTokens())!;
    expect(third.refreshToken).not.toBe(second.refreshToken);
    expect(h.auth.getState().status).toBe('signed-in');
    expect(await apiCall(h)).toBe(200);
  });

  it('20 concurrent requests that hit 401 cause exactly one refresh', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const old = await h.auth.tokens.getAccessToken();
    h.sandbox.faults.expireAccessTokens();
    const calls = tokenCalls(h);
    const accountsBefore = h.sandbox.counters()['GET /trader/v1/accounts'] ?? 0;

    const statuses = await Promise.all(Array.from({ length: 20 }, () => apiCall(h)));
    expect(statuses).toEqual(Array(20).fill(200));
    expect(tokenCalls(h) - calls).toBe(1);
    expect((h.sandbox.counters()['GET /trader/v1/accounts'] ?? 0) - accountsBefore).toBe(40);

    // A straggler reporting the old token later needs no second refresh.
    const current = await h.auth.tokens.refreshAfterUnauthorized(old);
    expect(current).not.toBe(old);
    expect(tokenCalls(h) - calls).toBe(1);
  });

  it('the real Schwab client on the real token manager: 20 concurrent 401s, one refresh, every call answered', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const client = createAccountsClient(createSchwabHttpClient({ baseUrl: h.sandbox.baseUrl, tokens: h.auth.tokens, clock }));
    h.sandbox.faults.expireAccessTokens();
    const calls = tokenCalls(h);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getAccountsWithPositions()));
    expect(results.every((r) => r.data.length === h.sandbox.truth().accounts.length)).toBe(true);
    expect(tokenCalls(h) - calls).toBe(1);
  });

  it('20 concurrent callers inside the 5-minute buffer share one refresh', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    clock.advance(26 * MIN);
    const calls = tokenCalls(h);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => h.auth.tokens.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenCalls(h) - calls).toBe(1);
  });

  it('a revoked refresh token → reauth-required with its reason, persisted; tokens and cache kept', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    h.db.prepare('INSERT INTO snapshot_cache (id, as_of, json) VALUES (1, ?, ?)').run(clock.now(), '{"accounts":[]}');
    const before = (await h.vault.readTokens())!;
    h.sandbox.faults.revokeRefreshTokens();
    h.sandbox.faults.expireAccessTokens();

    const token = await h.auth.tokens.getAccessToken();
    expect((await getAccounts(h, token)).status).toBe(401);
    const err = await rejection(h.auth.tokens.refreshAfterUnauthorized(token));
    expect(err.code).toBe('ReauthRequired');
    expect(err.message).toContain('refresh_token_authentication_error');
    expect(err.message).toContain('Sign in again');

    expect(h.vault.meta()).toMatchObject({ status: 'reauth-required', reason: err.message });
    expect(await h.vault.readTokens()).toEqual(before);
    expect(h.db.prepare('SELECT json FROM snapshot_cache').get()).toEqual({ json: '{"accounts":[]}' });
    expect(h.auth.getState()).toMatchObject({ status: 'reauth-required', reason: err.message });
    expect(h.audit.list(2).map((e) => `${e.event}:${e.outcome}`)).toEqual(['reauth-required:info', 'token-refresh:fail']);

    // A fresh process reads the same state from the vault and does not ask Schwab again.
    const calls = tokenCalls(h);
    const again = await AuthService.create({ vault: h.vault, audit: h.audit, opener: h.opener, env: h.env, clock, logger: silentLogger });
    try {
      expect(again.getState()).toMatchObject({ status: 'reauth-required', reason: err.message });
      expect((await rejection(again.tokens.getAccessToken())).code).toBe('ReauthRequired');
      expect(tokenCalls(h)).toBe(calls);
    } finally {
      await again.dispose();
    }

    // Signing in again clears it.
    await signInThroughBrowser(h);
    expect(h.auth.getState()).toMatchObject({ status: 'signed-in', reason: null });
  });

  it('transient failures during refresh (5xx, 429, dropped connection) never cost the stored tokens', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const before = (await h.vault.readTokens())!;
    const metaBefore = h.vault.meta();
    clock.advance(29 * MIN); // access token nearly expired: every getAccessToken wants a refresh

    for (const status of [500, 502, 503] as const) {
      h.sandbox.faults.failNext(1, status, { pathPrefix: '/v1/oauth/token' });
      const err = await rejection(h.auth.tokens.getAccessToken());
      expect([err.code, err.transient, err.status]).toEqual(['ServerError', true, status]);
    }
    h.sandbox.faults.failNext(1, 429, { retryAfterSec: 3, pathPrefix: '/v1/oauth/token' });
    const limited = await rejection(h.auth.tokens.refreshNow());
    expect([limited.code, limited.retryAfterSec]).toEqual(['RateLimited', 3]);
    h.sandbox.faults.dropNext(1, { pathPrefix: '/v1/oauth/token' });
    const dropped = await rejection(h.auth.tokens.refreshNow());
    expect([dropped.code, dropped.transient]).toEqual(['Network', true]);

    expect(await h.vault.readTokens()).toEqual(before);
    expect(h.vault.meta()).toEqual(metaBefore);
    expect(h.auth.getState().status).toBe('signed-in');
    expect(h.audit.list(5).every((e) => e.event === 'token-refresh' && e.outcome === 'fail')).toBe(true);

    // The next attempt goes through.
    const fresh = await h.auth.tokens.getAccessToken();
    expect(fresh).not.toBe(before.accessToken);
    expect(await apiCall(h)).toBe(200);
  });

  it('after 7 days the sign-in is over without asking Schwab; tokens stay until sign-out', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const before = (await h.vault.readTokens())!;
    const calls = tokenCalls(h);
    clock.advance(7 * DAY);
    const err = await rejection(h.auth.tokens.getAccessToken());
    expect(err.code).toBe('ReauthRequired');
    expect(err.message).toContain('7 days');
    expect(tokenCalls(h)).toBe(calls);
    expect(h.vault.meta()).toMatchObject({ status: 'reauth-required', reason: err.message });
    expect(await h.vault.readTokens()).toEqual(before);
  });

  it('warns 24 h and 1 h before the 7-day deadline, on its own timer', async () => {
    const clock = new FakeClock(Date.now());
    const h = await signedIn(clock);
    const seen: AuthState[] = [];
    h.auth.onState((s) => seen.push(s));
    expect(h.auth.getState().warning).toBeNull();

    clock.advance(6 * DAY - MIN);
    expect(seen).toEqual([]);
    clock.advance(2 * MIN);
    expect(seen.at(-1)).toMatchObject({ status: 'signed-in', warning: 'refresh-expires-24h' });
    clock.advance(23 * 60 * MIN - 2 * MIN);
    expect(seen.at(-1)?.warning).toBe('refresh-expires-24h');
    clock.advance(2 * MIN);
    expect(seen.at(-1)).toMatchObject({ status: 'signed-in', warning: 'refresh-expires-1h' });
    clock.advance(61 * MIN);
    expect(seen.at(-1)).toMatchObject({ status: 'reauth-required', warning: null });
    expect(seen.at(-1)?.reason).toContain('7 days');
  });
});
