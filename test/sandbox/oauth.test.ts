// The sandbox's OAuth behaves like Schwab's, over real HTTP on loopback: consent, callback shape, both grants,
// lifetimes on a fake clock, and every error body.
import { afterEach, describe, expect, it } from 'vitest';
import { redactString } from '../../main/core/log/redact';
import { OAuthErrorSchema, TokenResponseSchema, parseNestedOAuthError } from '../../main/core/schwab/schemas';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';
import { tokenDigest } from '../../main/sandbox/ids';
import { FakeClock } from '../support/fakeClock';
import { REDIRECT, authorize, basic, codeFrom, getApi, login, postToken } from './schwabHttp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCESS_SHAPE = /^I0\.b2F1dGgyLmJkYy5zY2h3YWIuY29t\.[A-Za-z0-9_-]{43}@$/;
const CODE_SHAPE = /^C0\.b2F1dGgyLmJkYy5zY2h3YWIuY29t\.[A-Za-z0-9_-]{43}@$/;

let sb: Sandbox;
let clock: FakeClock;

async function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  clock = new FakeClock();
  sb = await startSandbox({ clock, autoApprove: true, ...opts });
  return sb;
}

afterEach(async () => {
  await sb?.close();
});

describe('authorize → consent → callback', () => {
  it('shows a consent page with Allow and Deny; Allow redirects with code, session and state', async () => {
    await start({ autoApprove: false });
    const page = await authorize(sb, { response_type: 'code', state: 'c708b031', scope: 'readonly' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('>Allow</button>');
    expect(html).toContain('>Deny</button>');
    expect(html).toContain('SANDBOX');
    const consent = /name="consent" value="([^"]+)"/.exec(html)![1]!;

    const allow = await fetch(`${sb.baseUrl}/v1/oauth/authorize/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, decision: 'allow' }),
      redirect: 'manual',
    });
    expect(allow.status).toBe(302);
    const location = allow.headers.get('location')!;
    // Raw form: "/" inserted before "?", the code's "@" as %40, then session, then state.
    expect(location).toMatch(/^https:\/\/127\.0\.0\.1:8182\/\?code=C0\.[^&]+%40&session=[0-9a-f-]{36}&state=c708b031$/);
    const url = new URL(location);
    expect(url.searchParams.get('code')).toMatch(CODE_SHAPE);
    expect(url.searchParams.get('session')).toMatch(UUID);

    // The consent can't be replayed.
    const again = await fetch(`${sb.baseUrl}/v1/oauth/authorize/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, decision: 'allow' }),
      redirect: 'manual',
    });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  });

  it('Deny redirects with error=access_denied and the state', async () => {
    await start({ autoApprove: false });
    const html = await (await authorize(sb, { state: 'abc' })).text();
    const consent = /name="consent" value="([^"]+)"/.exec(html)![1]!;
    const deny = await fetch(`${sb.baseUrl}/v1/oauth/authorize/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, decision: 'deny' }),
      redirect: 'manual',
    });
    expect(deny.status).toBe(302);
    const url = new URL(deny.headers.get('location')!);
    expect(url.origin + url.pathname).toBe('https://127.0.0.1:8182/');
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('abc');
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('auto-approve redirects at once, and can be switched at run time', async () => {
    await start({ autoApprove: true });
    expect((await authorize(sb)).status).toBe(302);
    sb.setAutoApprove(false);
    expect((await authorize(sb)).status).toBe(200);
    sb.setAutoApprove(true);
    const res = await authorize(sb);
    expect(res.status).toBe(302);
    // No state sent → none echoed; works without response_type (schwabdev omits it).
    expect(res.headers.get('location')).toMatch(/\?code=C0\.[^&]+%40&session=[0-9a-f-]{36}$/);
  });

  it('inserts "/" only when the callback URL has no path', async () => {
    await start({ redirectUris: ['https://127.0.0.1', 'https://127.0.0.1:5556/cb'] });
    const bare = await authorize(sb, { redirect_uri: 'https://127.0.0.1' });
    expect(bare.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\/\?code=/);
    const withPath = await authorize(sb, { redirect_uri: 'https://127.0.0.1:5556/cb' });
    expect(withPath.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1:5556\/cb\?code=/);
  });

  it('accepts PKCE and scope parameters without requiring them', async () => {
    await start();
    const res = await authorize(sb, {
      response_type: 'code',
      scope: 'api offline_access',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    expect(res.status).toBe(302);
  });

  it.each([
    ['unknown client_id', { client_id: 'nope' }],
    ['missing redirect_uri', { redirect_uri: '' }],
    ['trailing slash', { redirect_uri: 'https://127.0.0.1:8182/' }],
    ['scheme case', { redirect_uri: 'HTTPS://127.0.0.1:8182' }],
    ['other port', { redirect_uri: 'https://127.0.0.1:8183' }],
    ['localhost', { redirect_uri: 'https://localhost:8182' }],
  ])('rejects %s with an error page and no redirect', async (_name, params) => {
    await start();
    const q = new URLSearchParams({ client_id: sb.client.clientId, redirect_uri: REDIRECT, ...params });
    if ('redirect_uri' in params && params.redirect_uri === '') q.delete('redirect_uri');
    const res = await fetch(`${sb.baseUrl}/v1/oauth/authorize?${q.toString()}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(/unable to complete your request/i);
  });

  it('redirects an unsupported response_type back as an OAuth error', async () => {
    await start();
    const res = await authorize(sb, { response_type: 'token', state: 's' });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.searchParams.get('error')).toBe('unsupported_response_type');
    expect(url.searchParams.get('state')).toBe('s');
  });

  it('registerRedirectUri adds an exact callback at run time (tests use random ports)', async () => {
    await start();
    const uri = 'https://127.0.0.1:61234';
    expect((await authorize(sb, { redirect_uri: uri })).status).toBe(400);
    sb.registerRedirectUri(sb.client.clientId, uri);
    expect(sb.client.redirectUris).toEqual([REDIRECT, uri]);
    const tokens = await login(sb, uri);
    expect(tokens.access_token).toMatch(ACCESS_SHAPE);
  });
});

describe('token endpoint', () => {
  it('exchanges a code for the six-field token response, in Schwab key order', async () => {
    await start();
    const res = await authorize(sb);
    const code = codeFrom(res.headers.get('location')!);
    const tok = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(tok.status).toBe(200);
    expect(tok.headers.get('content-type')).toBe('application/json');
    const body = (await tok.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['expires_in', 'token_type', 'scope', 'refresh_token', 'access_token', 'id_token']);
    const parsed = TokenResponseSchema.parse(body);
    expect(parsed).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: 'api' });
    expect(parsed.access_token).toMatch(ACCESS_SHAPE);
    expect(parsed.access_token).toHaveLength(76);
    expect(parsed.refresh_token).toMatch(ACCESS_SHAPE);
    expect(parsed.id_token!.split('.')).toHaveLength(3);
    // The logger's patterns recognise every value the sandbox issues.
    for (const secret of [code, parsed.access_token, parsed.refresh_token, parsed.id_token!]) {
      expect(redactString(`value ${secret} end`)).not.toContain(secret.slice(3, 30));
    }
  });

  it('accepts client credentials in the form body instead of Basic', async () => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    const tok = await postToken(
      sb,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: sb.client.clientId, client_secret: sb.client.clientSecret },
      null,
    );
    expect(tok.status).toBe(200);
  });

  it('accepts Basic plus a matching client_id in the body (Authlib style)', async () => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    const tok = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: sb.client.clientId, state: 'x' });
    expect(tok.status).toBe(200);
  });

  it.each([
    ['no credentials', null],
    ['wrong secret', 'wrong'],
    ['unknown client', 'unknown-client'],
    ['malformed Basic', 'Basic !!!'],
  ])('answers %s with 401 invalid_client/Unauthorized', async (_name, kind) => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    const auth =
      kind === null ? null : kind === 'wrong' ? basic(sb.client.clientId, 'x'.repeat(16)) : kind === 'unknown-client' ? basic('nobody', sb.client.clientSecret) : kind;
    const res = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, auth);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });
  });

  it('rejects a body client_id that differs from the Basic one', async () => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    const res = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'someone-else' });
    expect(res.status).toBe(401);
  });

  it('requires a form body, a grant_type, and a known grant', async () => {
    await start();
    const json = await fetch(`${sb.baseUrl}/v1/oauth/token`, {
      method: 'POST',
      headers: { Authorization: basic(sb.client.clientId, sb.client.clientSecret), 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');

    const none = await postToken(sb, {});
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toBe('invalid_request');

    const odd = await postToken(sb, { grant_type: 'client_credentials' });
    expect(odd.status).toBe(400);
    expect(OAuthErrorSchema.parse(await odd.json()).error).toBe('unsupported_grant_type');
  });

  it('a code is single-use', async () => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    expect((await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).status).toBe(200);
    const again = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(OAuthErrorSchema.parse(await again.json()).error).toBe('invalid_grant');
  });

  it('a code lives about 30 seconds', async () => {
    await start();
    const early = codeFrom((await authorize(sb)).headers.get('location')!);
    const late = codeFrom((await authorize(sb)).headers.get('location')!);
    clock.advance(29_000);
    expect((await postToken(sb, { grant_type: 'authorization_code', code: early, redirect_uri: REDIRECT })).status).toBe(200);
    clock.advance(1_000);
    const expired = await postToken(sb, { grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toEqual({ error: 'invalid_grant', error_description: 'Authorization code expired' });
  });

  it.each([
    ['still percent-encoded (%40)', (c: string) => c.replace(/@$/, '%40'), REDIRECT],
    ['made up', () => 'C0.nothing@', REDIRECT],
    ['with another redirect_uri', (c: string) => c, 'https://127.0.0.1:8182/'],
    ['without redirect_uri', (c: string) => c, undefined],
  ])('rejects a code %s with 400 invalid_grant', async (_name, mangle, redirectUri) => {
    await start();
    const code = codeFrom((await authorize(sb)).headers.get('location')!);
    const form: Record<string, string> = { grant_type: 'authorization_code', code: mangle(code) };
    if (redirectUri !== undefined) form.redirect_uri = redirectUri;
    const res = await postToken(sb, form);
    expect(res.status).toBe(400);
    expect(OAuthErrorSchema.parse(await res.json()).error).toBe('invalid_grant');
  });

  it('a missing code is invalid_request', async () => {
    await start();
    const res = await postToken(sb, { grant_type: 'authorization_code', redirect_uri: REDIRECT });
    expect(res.status).toBe(400);
    expect(OAuthErrorSchema.parse(await res.json()).error).toBe('invalid_request');
  });
});

describe('token lifetimes on the sandbox clock', () => {
  it('access tokens work for 30 minutes, then get Schwab 401s in both API shapes', async () => {
    await start();
    const { access_token } = await login(sb);
    clock.advance(30 * 60_000 - 1);
    expect((await getApi(sb, '/trader/v1/accounts', access_token)).status).toBe(200);
    clock.advance(1);
    const trader = await getApi(sb, '/trader/v1/accounts', access_token);
    expect(trader.status).toBe(401);
    expect(await trader.json()).toEqual({ message: 'Unauthorized', errors: ['The access token has expired.'] });
    const md = await getApi(sb, '/marketdata/v1/quotes?symbols=AAPL', access_token);
    expect(md.status).toBe(401);
    const body = (await md.json()) as { errors: Array<{ status: unknown; title: string; id: string }> };
    expect(body.errors[0]).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(body.errors[0]!.id).toMatch(UUID);
  });

  it('the Date header follows the sandbox clock (clients measure skew from it)', async () => {
    await start();
    const before = await authorize(sb);
    expect(Date.parse(before.headers.get('date')!)).toBe(Math.floor(clock.now() / 1000) * 1000);
    clock.advance(3 * 3600_000);
    const after = await authorize(sb);
    expect(Date.parse(after.headers.get('date')!) - Date.parse(before.headers.get('date')!)).toBe(3 * 3600_000);
  });

  it('refresh returns a new access token and the same refresh token; the 7-day deadline does not move', async () => {
    await start();
    const first = await login(sb);
    let access = first.access_token;
    // Refresh every 6 hours for 6 days 18 hours: always fine.
    for (let i = 0; i < 27; i++) {
      clock.advance(6 * 3600_000);
      const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(res.status).toBe(200);
      const body = TokenResponseSchema.parse(await res.json());
      expect(body.refresh_token).toBe(first.refresh_token);
      expect(body.expires_in).toBe(1800);
      expect(body.access_token).not.toBe(access);
      access = body.access_token;
      expect((await getApi(sb, '/trader/v1/userPreference', access)).status).toBe(200);
    }
    // 7 days after the login, despite all those refreshes, the refresh token is dead.
    clock.advance(6 * 3600_000);
    const dead = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(dead.status).toBe(400);
    const outer = OAuthErrorSchema.parse(await dead.json());
    expect(outer.error).toBe('unsupported_token_type');
    expect(parseNestedOAuthError(outer)?.error).toBe('refresh_token_authentication_error');
    expect(outer.error_description).toContain(`tokenDigest=${tokenDigest(first.refresh_token)}`);
  });

  it('an earlier access token keeps working after a refresh until its own expiry', async () => {
    await start();
    const t = await login(sb);
    clock.advance(10 * 60_000);
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
    expect((await getApi(sb, '/trader/v1/accounts', t.access_token)).status).toBe(200);
    clock.advance(20 * 60_000);
    expect((await getApi(sb, '/trader/v1/accounts', t.access_token)).status).toBe(401);
  });

  it('an unknown refresh token gets the nested unsupported_token_type body', async () => {
    await start();
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: 'I0.bogus@' });
    expect(res.status).toBe(400);
    const body = OAuthErrorSchema.parse(await res.json());
    expect(body.error_description).toMatch(/^400 Bad Request: "\{"error_description":"Exception while authenticating refresh token \[tokenDigest=/);
    expect(parseNestedOAuthError(body)?.error).toBe('refresh_token_authentication_error');
  });

  it('a missing refresh_token is invalid_request', async () => {
    await start();
    const res = await postToken(sb, { grant_type: 'refresh_token' });
    expect(res.status).toBe(400);
    expect(OAuthErrorSchema.parse(await res.json()).error).toBe('invalid_request');
  });

  it('a new login revokes the earlier tokens of the same app', async () => {
    await start();
    const first = await login(sb);
    const second = await login(sb);
    expect((await getApi(sb, '/trader/v1/accounts', first.access_token)).status).toBe(401);
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(400);
    expect((await getApi(sb, '/trader/v1/accounts', second.access_token)).status).toBe(200);
  });

  it('can keep earlier logins alive when asked (revokeOnNewLogin: false)', async () => {
    await start({ revokeOnNewLogin: false });
    const first = await login(sb);
    await login(sb);
    expect((await getApi(sb, '/trader/v1/accounts', first.access_token)).status).toBe(200);
  });

  it('honours shorter lifetimes for demos', async () => {
    await start({ accessTokenTtlSec: 60, refreshTokenTtlSec: 120 });
    const t = await login(sb);
    expect(t.expires_in).toBe(60);
    clock.advance(60_000);
    expect((await getApi(sb, '/trader/v1/accounts', t.access_token)).status).toBe(401);
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
    clock.advance(60_000);
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(400);
  });
});
