import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl } from '../../../main/core/auth/authorizeUrl';
import { judgePastedRedirectUrl, parsePastedRedirectUrl, readQuery } from '../../../main/core/auth/callbackParser';
import { StateStore } from '../../../main/core/auth/stateStore';
import { mapTokenError } from '../../../main/core/auth/tokenClient';
import { ArbionError, isArbionError } from '../../../main/core/errors';
import { FakeClock } from '../../support/fakeClock';

const fixture = (name: string): string =>
  fs.readFileSync(path.join(__dirname, '../../fixtures/schwab', name), 'utf8');

const CODE = 'C0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.Ab_cd-EFghijklmnopqrstuvwxyz0123456789ABCDEF@';

function thrown(fn: () => unknown): ArbionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ArbionError);
    return e as ArbionError;
  }
  throw new Error('expected a throw');
}

describe('authorize URL and state', () => {
  it('carries client_id, the exact redirect_uri, response_type=code and a 256-bit state', () => {
    const states = new StateStore(new FakeClock());
    const state = states.issue();
    expect(Buffer.from(state, 'base64url')).toHaveLength(32);
    expect(states.issue()).not.toBe(state);
    const url = new URL(
      buildAuthorizeUrl({ apiBaseUrl: 'https://api.schwabapi.com/', clientId: 'APPKEY', redirectUri: 'https://127.0.0.1:8182', state }),
    );
    expect(url.origin + url.pathname).toBe('https://api.schwabapi.com/v1/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'APPKEY',
      redirect_uri: 'https://127.0.0.1:8182',
      response_type: 'code',
      state,
    });
    expect(buildAuthorizeUrl({ apiBaseUrl: 'http://127.0.0.1:4000/prefix', clientId: 'k', redirectUri: 'https://x', state })).toMatch(
      /^http:\/\/127\.0\.0\.1:4000\/prefix\/v1\/oauth\/authorize\?/,
    );
  });

  it('a state is single use and lives 10 minutes', () => {
    const clock = new FakeClock();
    const states = new StateStore(clock);
    const a = states.issue();
    states.consume(a);
    expect(thrown(() => states.consume(a)).message).toContain('already used');
    const b = states.issue();
    clock.advance(10 * 60_000 - 1);
    states.check(b);
    clock.advance(2);
    expect(thrown(() => states.consume(b)).code).toBe('CallbackStateExpired');
    const c = states.issue();
    states.revokeAll();
    expect(thrown(() => states.consume(c)).code).toBe('CallbackStateMismatch');
  });
});

describe('paste fallback', () => {
  const redirect = 'https://www.arbion.ai/oauth_callback/broker';

  it('accepts the full redirected URL and URL-decodes the code so it ends in @', () => {
    const states = new StateStore(new FakeClock());
    const state = states.issue();
    const pasted = `  ${redirect}?code=${encodeURIComponent(CODE)}&session=9f731c62-aaaa&state=${state}\n`;
    expect(parsePastedRedirectUrl(pasted, redirect, states)).toBe(CODE);
    // …and only once.
    expect(thrown(() => parsePastedRedirectUrl(pasted, redirect, states)).code).toBe('CallbackStateMismatch');
  });

  it('works for a loopback callback without a path (Schwab inserts the "/")', () => {
    const states = new StateStore(new FakeClock());
    const state = states.issue();
    expect(parsePastedRedirectUrl(`https://127.0.0.1:8182/?code=${encodeURIComponent(CODE)}&state=${state}`, 'https://127.0.0.1:8182', states)).toBe(
      CODE,
    );
  });

  it('keeps a literal + in the code (decodeURIComponent, not form decoding)', () => {
    expect(readQuery('?code=a+b%40&x=1&code=second').get('code')).toBe('a+b@');
  });

  it('applies the same rejections as the loopback server', () => {
    const states = new StateStore(new FakeClock());
    const state = states.issue();
    const q = `code=${encodeURIComponent(CODE)}&state=${state}`;
    expect(thrown(() => parsePastedRedirectUrl('not a url', redirect, states)).code).toBe('CallbackInvalid');
    expect(thrown(() => parsePastedRedirectUrl(`https://evil.example/oauth_callback/broker?${q}`, redirect, states)).message).toContain(
      'does not start with the callback URL',
    );
    expect(thrown(() => parsePastedRedirectUrl(`http://www.arbion.ai/oauth_callback/broker?${q}`, redirect, states)).code).toBe(
      'CallbackInvalid',
    );
    expect(thrown(() => parsePastedRedirectUrl(`https://www.arbion.ai/other?${q}`, redirect, states)).code).toBe('CallbackInvalid');
    expect(thrown(() => parsePastedRedirectUrl(`${redirect}?code=${encodeURIComponent(CODE)}`, redirect, states)).code).toBe(
      'CallbackStateMismatch',
    );
    expect(thrown(() => parsePastedRedirectUrl(`${redirect}?code=x&state=nope`, redirect, states)).code).toBe('CallbackStateMismatch');
    expect(thrown(() => parsePastedRedirectUrl(`${redirect}?session=s&state=${state}`, redirect, states)).code).toBe('CallbackMissingCode');
    const denied = judgePastedRedirectUrl(`${redirect}?error=access_denied&state=${state}`, redirect, states);
    expect(denied).toMatchObject({ ok: false, final: true });
    expect(!denied.ok && denied.error.code).toBe('AccessDenied');
    // The state was not consumed by the refusals, only by the final error.
    expect(thrown(() => parsePastedRedirectUrl(`${redirect}?${q}`, redirect, states)).message).toContain('already used');
  });
});

describe('token endpoint errors (real Schwab bodies)', () => {
  it('the nested refresh_token_authentication_error body is RefreshTokenExpired', () => {
    const e = mapTokenError('refresh_token', 400, fixture('error-token-refresh-expired.json'));
    expect(e.code).toBe('RefreshTokenExpired');
    expect(e.message).toContain('refresh_token_authentication_error');
    expect(e.message).toContain('Sign in again');
    expect(e.transient).toBe(false);
  });

  it('invalid_client is InvalidClient, unless it names the refresh token (schwab-py docs)', () => {
    expect(mapTokenError('authorization_code', 401, fixture('error-token-invalid-client.json')).code).toBe('InvalidClient');
    expect(mapTokenError('refresh_token', 401, fixture('error-token-invalid-client.json')).code).toBe('InvalidClient');
    expect(
      mapTokenError('refresh_token', 400, JSON.stringify({ error: 'invalid_client', error_description: 'refresh token invalid' })).code,
    ).toBe('RefreshTokenExpired');
  });

  it('invalid_grant on refresh means sign in again; on a code, the code was refused', () => {
    expect(mapTokenError('refresh_token', 400, fixture('error-token-invalid-grant.json')).code).toBe('RefreshTokenExpired');
    const code = mapTokenError('authorization_code', 400, fixture('error-token-invalid-grant.json'));
    expect(code.code).toBe('TokenExchangeFailed');
    expect(code.message).toContain('30 seconds');
  });

  it('5xx, 429 and edge HTML pages are transient', () => {
    for (const status of [500, 502, 503]) {
      const e = mapTokenError('refresh_token', status, '{"error":"server_error"}');
      expect([e.code, e.transient]).toEqual(['ServerError', true]);
    }
    const limited = mapTokenError('refresh_token', 429, '', '7');
    expect([limited.code, limited.transient, limited.retryAfterSec]).toEqual(['RateLimited', true, 7]);
    const edge = mapTokenError('refresh_token', 403, '<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD></HTML>');
    expect(edge.transient).toBe(true);
    expect(isArbionError(mapTokenError('refresh_token', 400, 'garbage'), 'BadRequest')).toBe(true);
  });
});
