// The sign-in end to end against the sandbox over real HTTP/HTTPS: authorize → consent → redirect →
// loopback HTTPS callback → code exchange → sealed tokens → an authenticated Trader API request.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../../main/core/auth/authService';
import { isArbionError, type ArbionError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/log/logger';
import { AccountsSchema } from '../../../main/core/schwab/schemas';
import { acceptCertificate, browserGet } from './browserFetch';
import { createHarness, databaseBytes, getAccounts, signInThroughBrowser, type Harness } from './authHarness';
import { authorizeInBrowser, landOnCallback } from './sandboxBrowser';

const harnesses: Harness[] = [];
async function harness(...args: Parameters<typeof createHarness>): Promise<Harness> {
  const h = await createHarness(...args);
  harnesses.push(h);
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

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('sign-in end to end against the sandbox', () => {
  it('authorize → Allow → loopback HTTPS callback → exchange → sealed tokens → GET /trader/v1/accounts', async () => {
    const h = await harness({ sandbox: { autoApprove: false } });
    const before = Date.now();
    const start = await h.auth.signIn();
    expect(start).toMatchObject({ callback: 'loopback', opened: true, notice: null });
    expect(h.opened).toEqual([start.authorizeUrl]);
    const url = new URL(start.authorizeUrl);
    expect(url.origin).toBe(h.sandbox.baseUrl);
    expect(url.searchParams.get('redirect_uri')).toBe(h.redirectUri);
    expect(h.auth.getState().status).toBe('signing-in');
    const done = h.auth.waitForSignIn();

    const callbackUrl = await authorizeInBrowser(start.authorizeUrl, 'allow');
    expect(callbackUrl.startsWith(`${h.redirectUri}/?code=`)).toBe(true);
    expect(callbackUrl).toMatch(/code=[^&]+%40&/);
    const code = decodeURIComponent(/code=([^&]+)/.exec(callbackUrl)![1]!);
    expect(code.endsWith('@')).toBe(true);

    const page = await landOnCallback(callbackUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in');

    const state = await done;
    expect(state.status).toBe('signed-in');
    expect(state.storage).toMatchObject({ cipher: 'file-key', weak: true });
    const signedInAt = Date.parse(state.signedInAt!);
    expect(signedInAt).toBeGreaterThanOrEqual(before);
    expect(Date.parse(state.accessExpiresAt!) - signedInAt).toBe(1800 * 1000);
    expect(Date.parse(state.refreshExpiresAt!) - signedInAt).toBe(7 * 86_400_000);
    expect(await refuses(h.port)).toBe(true);

    const tokens = (await h.vault.readTokens())!;
    expect(tokens.accessToken).toMatch(/^I0\./);
    const access = await h.auth.tokens.getAccessToken();
    expect(access).toBe(tokens.accessToken);
    const res = await getAccounts(h, access);
    expect(res.status).toBe(200);
    const accounts = AccountsSchema.parse(await res.json());
    expect(accounts.length).toBeGreaterThanOrEqual(3);

    // Byte-for-byte: no token, code or secret in the database or its WAL.
    const bytes = databaseBytes(h.dbFile);
    for (const secret of [tokens.accessToken, tokens.refreshToken, code, encodeURIComponent(code), h.sandbox.client.clientSecret]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
    }

    const audit = h.audit.list(10);
    expect(audit.map((e) => `${e.event}:${e.outcome}`)).toEqual(['sign-in-completed:ok', 'sign-in-started:info']);
    const auditText = JSON.stringify(audit);
    for (const secret of [tokens.accessToken, tokens.refreshToken, code, h.sandbox.client.clientSecret]) {
      expect(auditText).not.toContain(secret);
    }
  });

  it('Deny at Schwab ends the sign-in with AccessDenied, shown to the user', async () => {
    const h = await harness({ sandbox: { autoApprove: false } });
    const start = await h.auth.signIn();
    const done = h.auth.waitForSignIn();
    const callbackUrl = await authorizeInBrowser(start.authorizeUrl, 'deny');
    expect(callbackUrl).toContain('error=access_denied');
    const page = await landOnCallback(callbackUrl);
    expect(page.status).toBe(400);
    expect(page.body).toContain('declined');
    expect((await rejection(done)).code).toBe('AccessDenied');
    const state = h.auth.getState();
    expect(state).toMatchObject({ status: 'signed-out', lastError: { code: 'AccessDenied' } });
    expect(state.reason).toContain('declined');
    expect(h.audit.list(1)[0]).toMatchObject({ event: 'sign-in-failed', outcome: 'fail' });
    expect(await h.vault.readTokens()).toBeNull();
  });

  it('a refused code exchange (wrong App Secret) fails the sign-in with InvalidClient and says so in the browser', async () => {
    const h = await harness();
    const auth = await AuthService.create({
      vault: h.vault,
      audit: h.audit,
      opener: h.opener,
      env: { ...h.env, SCHWAB_CLIENT_SECRET: 'wrong-secret-000' },
      logger: silentLogger,
    });
    try {
      const start = await auth.signIn({ openBrowser: false });
      expect(start.opened).toBe(false);
      const done = auth.waitForSignIn();
      const page = await landOnCallback(await authorizeInBrowser(start.authorizeUrl));
      expect(page.status).toBe(502);
      expect(page.body).toContain('App Key or Secret');
      expect((await rejection(done)).code).toBe('InvalidClient');
      expect(h.vault.meta().status).toBe('signed-out');
    } finally {
      await auth.dispose();
    }
  });

  it('a busy callback port falls back to pasting the redirected URL', async () => {
    const h = await harness();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(h.port, '127.0.0.1', () => r()));
    try {
      const start = await h.auth.signIn();
      expect(start.callback).toBe('paste');
      expect(start.notice).toContain(`Port ${h.port}`);
      const done = h.auth.waitForSignIn();
      const callbackUrl = await authorizeInBrowser(start.authorizeUrl);

      const tampered = callbackUrl.replace(/state=[^&]+/, 'state=forged');
      expect((await rejection(h.auth.submitRedirectUrl(tampered))).code).toBe('CallbackStateMismatch');
      expect((await rejection(h.auth.submitRedirectUrl('https://evil.example/?code=x'))).code).toBe('CallbackInvalid');
      // Wrong pastes do not end the sign-in: the right one still works.
      const state = await h.auth.submitRedirectUrl(callbackUrl);
      expect(state.status).toBe('signed-in');
      expect((await done).status).toBe('signed-in');
      expect((await rejection(h.auth.submitRedirectUrl(callbackUrl))).code).toBe('CallbackStateMismatch');
    } finally {
      blocker.close();
    }
  });

  it('--manual style sign-in serves no callback server at all', async () => {
    const h = await harness();
    const start = await h.auth.signIn({ manual: true, openBrowser: false });
    expect(start).toMatchObject({ callback: 'paste', opened: false });
    expect(await refuses(h.port)).toBe(true);
    const state = await h.auth.submitRedirectUrl(await authorizeInBrowser(start.authorizeUrl));
    expect(state.status).toBe('signed-in');
  });

  it('a new sign-in cancels the previous one; its late callback is refused', async () => {
    const h = await harness();
    const first = await h.auth.signIn();
    const firstDone = h.auth.waitForSignIn();
    const firstCallback = await authorizeInBrowser(first.authorizeUrl);
    const second = await h.auth.signIn();
    expect((await rejection(firstDone)).code).toBe('LoginCancelled');
    const stale = await browserGet(firstCallback, { ca: await acceptCertificate(firstCallback) });
    expect(stale.status).toBe(400);
    const done = h.auth.waitForSignIn();
    await landOnCallback(await authorizeInBrowser(second.authorizeUrl));
    expect((await done).status).toBe('signed-in');
  });

  it('sign-out wipes the sealed tokens and is audited; credentials stay', async () => {
    const h = await harness();
    await signInThroughBrowser(h);
    expect(h.db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 2 });
    const state = await h.auth.signOut();
    expect(state.status).toBe('signed-out');
    expect(state.accessExpiresAt).toBeNull();
    expect(h.db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    expect(h.audit.list(1)[0]).toMatchObject({ event: 'sign-out', outcome: 'ok' });
    expect((await rejection(h.auth.tokens.getAccessToken())).code).toBe('NotSignedIn');
  });

  it('credentials set from Settings are sealed and used when the environment has none', async () => {
    const h = await harness();
    const auth = await AuthService.create({
      vault: h.vault,
      audit: h.audit,
      opener: h.opener,
      env: { SCHWAB_API_BASE_URL: h.sandbox.baseUrl },
      logger: silentLogger,
    });
    try {
      expect(auth.getState().configured).toBe(false);
      expect((await rejection(auth.signIn())).code).toBe('NotConfigured');
      await expect(
        auth.setCredentials({ clientId: h.sandbox.client.clientId, clientSecret: h.sandbox.client.clientSecret, redirectUri: 'http://127.0.0.1:1' }),
      ).rejects.toMatchObject({ code: 'ConfigInvalid' });
      const state = await auth.setCredentials({
        clientId: h.sandbox.client.clientId,
        clientSecret: h.sandbox.client.clientSecret,
        redirectUri: h.redirectUri,
      });
      expect(state).toMatchObject({ configured: true, redirectUri: h.redirectUri });
      expect(h.db.prepare('SELECT cipher FROM secrets WHERE name = ?').get('client_secret')).toEqual({ cipher: 'file-key' });
      expect(databaseBytes(h.dbFile).includes(Buffer.from(h.sandbox.client.clientSecret))).toBe(false);

      const start = await auth.signIn();
      const done = auth.waitForSignIn();
      await landOnCallback(await authorizeInBrowser(start.authorizeUrl));
      expect((await done).status).toBe('signed-in');

      // A different App Key: the tokens belong to the old app, so they are wiped.
      await auth.setCredentials({ clientId: 'OTHERKEY', clientSecret: 'othersecret', redirectUri: h.redirectUri });
      expect(auth.getState().status).toBe('signed-out');
    } finally {
      await auth.dispose();
    }
  });
});
