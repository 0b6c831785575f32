// The composition root against the real sandbox over loopback HTTP and real SQLite files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthState, PortfolioSnapshot } from '../../../common/contract';
import { createCore } from '../../../main/core/api/createCore';
import type { ArbionCore, InProcessCore } from '../../../main/core/api/coreTypes';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { freePort } from '../../support/freePort';
import { sandboxDemoBackend } from '../../support/sandboxDemoBackend';
import { authorizeInBrowser } from '../auth/sandboxBrowser';
import { next } from '../../support/nextValue';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoCore(env: NodeJS.ProcessEnv = {}): Promise<{ core: ArbionCore; sandbox: () => Sandbox; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-core-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  let sandbox: Sandbox | null = null;
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri, ...env },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore(),
    opener: { open: async () => false },
    logger: silentLogger,
    demoBackend: async (o) => {
      const uri = o?.redirectUri ?? redirectUri;
      sandbox = await startSandbox({ autoApprove: true, seed: 7, redirectUris: [uri] });
      return sandboxDemoBackend(sandbox, uri);
    },
  });
  cleanups.push(() => core.dispose());
  return {
    core,
    sandbox: () => {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox;
    },
    dataDir,
  };
}

async function signedIn(core: ArbionCore): Promise<void> {
  const waiting = next<AuthState>((cb) => core.events.on('authState', cb), (a) => a.status === 'signed-in');
  if ((await core.handlers.getAuthState()).status !== 'signed-in') await waiting;
}

describe('createCore', () => {
  it('with no Schwab credentials signs in to the demo sandbox and shows its portfolio to the cent', async () => {
    const { core, sandbox } = await demoCore();
    const snapshot =
      (await core.handlers.getSnapshot()) ??
      (await next<PortfolioSnapshot>((cb) => core.events.on('snapshot', cb), (s) => s.source === 'live'));
    const auth = await core.handlers.getAuthState();
    expect(auth).toMatchObject({ status: 'signed-in', mode: 'demo', configured: true });
    expect(snapshot.demo).toBe(true);

    const truth = sandbox().truth();
    const expectedCents = truth.accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0);
    expect(snapshot.totals.liquidationValue).toBe(expectedCents);
    expect(snapshot.accounts.map((a) => a.hash).sort()).toEqual(truth.accounts.map((a) => a.hashValue).sort());

    // Nothing that crosses the handler table carries a full account number.
    const json = JSON.stringify(snapshot);
    for (const a of truth.accounts) expect(json).not.toContain(a.accountNumber);
    expect(snapshot.accounts[0]!.accountNumber).toMatch(/^…\d{4}$/);
  });

  it('serves history, audit, settings and the connection test from the live session', async () => {
    const { core } = await demoCore();
    await signedIn(core);
    const snap = await core.handlers.refreshNow();
    expect(snap?.freshness).toBe('fresh');

    const history = await core.handlers.getHistory('1D');
    expect(history.length).toBeGreaterThan(0);
    expect(history.at(-1)!.value).toBeCloseTo(snap!.totals.liquidationValue / 100, 2);

    const audit = await core.handlers.getAuditLog(20);
    expect(audit.map((e) => e.event)).toContain('sign-in-completed');

    const settingsEvent = next((cb) => core.events.on('settings', cb), () => true);
    await core.handlers.updateSettings({ refreshIntervalSec: 30 });
    expect(await settingsEvent).toMatchObject({ refreshIntervalSec: 30 });

    const report = await core.handlers.testConnection();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(['App credentials', 'Sign-in', 'Accounts request', 'Access token', 'Clock']);
    expect(Math.abs(report.clockSkewMs!)).toBeLessThan(5_000);
  });

  it('switches to live mode when credentials are entered, and back to the demo on request', async () => {
    const { core, dataDir } = await demoCore({ SCHWAB_API_BASE_URL: 'http://127.0.0.1:9' });
    const live = await core.handlers.setCredentials({
      clientId: 'A'.repeat(32),
      clientSecret: 'B'.repeat(16),
      redirectUri: 'https://127.0.0.1:8182',
    });
    expect(live).toMatchObject({ mode: 'live', configured: true, status: 'signed-out' });
    expect(await core.handlers.getSnapshot()).toBeNull();
    // The live vault lives beside, not inside, the demo folder.
    expect(fs.existsSync(path.join(dataDir, 'arbion.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'demo', 'arbion.db'))).toBe(true);

    const demo = await core.handlers.startDemo();
    expect(demo).toMatchObject({ mode: 'demo', status: 'signed-in' });
  });

  it('signs out: tokens wiped, the portfolio gone from view, polling stopped', async () => {
    const { core, sandbox } = await demoCore();
    await signedIn(core);
    await core.handlers.refreshNow();
    const out = await core.handlers.signOut();
    expect(out.status).toBe('signed-out');
    expect(await core.handlers.getSnapshot()).toBeNull();
    sandbox().resetCounters();
    expect(await core.handlers.refreshNow()).toBeNull();
    expect(Object.values(sandbox().counters()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('when Schwab revokes the sign-in: reauth-required with its reason, the portfolio and the stored tokens kept', async () => {
    const { core, sandbox, dataDir } = await demoCore();
    await signedIn(core);
    const live = (await core.handlers.refreshNow())!;
    sandbox().faults.revokeRefreshTokens();
    sandbox().faults.expireAccessTokens();
    await core.handlers.refreshNow();

    const auth = await core.handlers.getAuthState();
    expect(auth.status).toBe('reauth-required');
    expect(auth.reason).toBeTruthy();
    const kept = (await core.handlers.getSnapshot())!;
    expect(kept.freshness).toBe('reauth-required');
    expect(kept.totals).toEqual(live.totals);
    // On disk: the sealed tokens are still there (only sign-out removes them).
    const db = new Database(path.join(dataDir, 'demo', 'arbion.db'), { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM secrets ORDER BY name').all() as Array<{ name: string }>;
      expect(names.map((r) => r.name)).toEqual(expect.arrayContaining(['access_token', 'refresh_token']));
    } finally {
      db.close();
    }
  });

  it('rejects a malformed redirect URL with a clear error and keeps the session', async () => {
    const { core } = await demoCore();
    await signedIn(core);
    await core.handlers.signIn();
    await expect(core.handlers.submitRedirectUrl('https://127.0.0.1:1/?code=abc&state=forged')).rejects.toMatchObject({
      code: expect.stringMatching(/Callback/),
    });
  });

  it('a malformed SCHWAB_API_BASE_URL with a real App Key stops the core by name: no demo, no other host', async () => {
    let demoStarted = false;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-core-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    for (const bad of ['http://example.com', 'notaurl']) {
      const starting = createCore({
        dataDir,
        env: { SCHWAB_API_BASE_URL: bad, SCHWAB_CLIENT_ID: 'A'.repeat(32), SCHWAB_CLIENT_SECRET: 'B'.repeat(16) },
        cipher: createFileKeyCipher(dataDir),
        settings: createMemorySettingsStore(),
        opener: { open: async () => false },
        logger: silentLogger,
        demoBackend: async () => {
          demoStarted = true;
          throw new Error('the demo must not start');
        },
      });
      await expect(starting).rejects.toMatchObject({ code: 'ConfigInvalid', message: expect.stringMatching(/^SCHWAB_API_BASE_URL /) });
    }
    expect(demoStarted).toBe(false);
  });

  it('a half-entered app (App Key without Secret) stays live and asks for the rest, never the demo', async () => {
    const { core } = await demoCore({ SCHWAB_CLIENT_ID: 'A'.repeat(32) });
    const auth = await core.handlers.getAuthState();
    expect(auth).toMatchObject({ mode: 'live', configured: false, status: 'signed-out' });
    await expect(core.handlers.signIn()).rejects.toMatchObject({ code: 'NotConfigured' });
  });

  it('leaving the demo (sign out) leads to the live app: not configured, and Connect never signs back into the sandbox', async () => {
    const { core, sandbox } = await demoCore();
    await signedIn(core);
    const out = await core.handlers.signOut();
    expect(out).toMatchObject({ mode: 'live', configured: false, status: 'signed-out' });
    expect(await core.handlers.getAuthState()).toMatchObject({ mode: 'live', configured: false });
    sandbox().resetCounters();
    await expect(core.handlers.signIn()).rejects.toMatchObject({ code: 'NotConfigured' });
    expect(await core.handlers.getAuthState()).toMatchObject({ mode: 'live', status: 'signed-out' });
    expect(Object.values(sandbox().counters()).reduce((a, b) => a + b, 0)).toBe(0);
    // The demo is still one click away.
    expect(await core.handlers.startDemo()).toMatchObject({ mode: 'demo', status: 'signed-in' });
  });
});

/** The CLI's way in: the user's own (sandbox-backed) Schwab app, no polling, sign-in by pasted URL. */
async function inProcessCore(
  reuse?: { sandbox: Sandbox; dataDir: string; autoStart: boolean },
): Promise<{ core: InProcessCore; sandbox: Sandbox; dataDir: string; opened: string[] }> {
  const dataDir = reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-core-'));
  if (!reuse) cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  const sandbox = reuse?.sandbox ?? (await startSandbox({ autoApprove: true, seed: 7, redirectUris: [redirectUri] }));
  if (!reuse) cleanups.push(() => sandbox.close());
  const opened: string[] = [];
  const core = await createCore({
    dataDir,
    env: {
      SCHWAB_CLIENT_ID: sandbox.client.clientId,
      SCHWAB_CLIENT_SECRET: sandbox.client.clientSecret,
      SCHWAB_REDIRECT_URI: redirectUri,
      SCHWAB_API_BASE_URL: sandbox.baseUrl,
    },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore(),
    opener: { open: async (url) => (opened.push(url), true) },
    logger: silentLogger,
    autoStart: reuse?.autoStart ?? false,
    signIn: { manual: true, openBrowser: false },
  });
  cleanups.push(() => core.dispose());
  return { core, sandbox, dataDir, opened };
}

describe('createCore for an in-process host (the CLI)', () => {
  it('the signIn handler runs with the host’s sign-in options; waitForSignIn settles when the pasted URL is taken', async () => {
    const { core, opened } = await inProcessCore();
    const start = await core.handlers.signIn();
    // manual: no loopback server although the callback URL is on this machine; openBrowser: false.
    expect(start).toMatchObject({ callback: 'paste', opened: false });
    expect(opened).toEqual([]);
    const done = core.inProcess.waitForSignIn();
    await core.handlers.submitRedirectUrl(await authorizeInBrowser(start.authorizeUrl));
    expect(await done).toMatchObject({ status: 'signed-in', mode: 'live' });

    await core.handlers.signIn();
    const cancelled = core.inProcess.waitForSignIn();
    await core.inProcess.cancelSignIn('Input ended.');
    await expect(cancelled).rejects.toMatchObject({ code: 'LoginCancelled', message: 'Input ended.' });
  });

  it('full account numbers only through inProcess, the handlers’ snapshot masked; one refresh is one accounts request; autoStart off shows and asks nothing until refreshNow', async () => {
    const { core, sandbox, dataDir } = await inProcessCore();
    const start = await core.handlers.signIn();
    await core.handlers.submitRedirectUrl(await authorizeInBrowser(start.authorizeUrl));
    expect(core.inProcess.snapshotWithAccountNumbers()).toBeNull();
    sandbox.resetCounters();

    const masked = (await core.handlers.refreshNow())!;
    const full = core.inProcess.snapshotWithAccountNumbers()!;
    const numbers = sandbox.truth().accounts.map((a) => a.accountNumber).sort();
    expect(full.accounts.map((a) => a.accountNumber).sort()).toEqual(numbers);
    for (const n of numbers) expect(JSON.stringify(masked)).not.toContain(n);
    expect(masked.totals).toEqual(full.totals);
    expect(sandbox.counters()['GET /trader/v1/accounts']).toBe(1);
    expect(core.inProcess.lastRefreshError()).toBeNull();

    // Retry-After beyond what a call sleeps through: the refresh fails and says why.
    sandbox.faults.failNext(1, 429, { retryAfterSec: 600, pathPrefix: '/trader/v1/accounts' });
    expect((await core.handlers.refreshNow())!.freshness).toBe('rate-limited');
    expect(core.inProcess.lastRefreshError()).toMatchObject({ status: 429 });

    expect(core.inProcess.storage()).toEqual({ dataDir, databaseFile: path.join(dataDir, 'arbion.db'), foreignCipher: null });
    const config = await core.inProcess.config();
    expect(config).toEqual({ configured: true, redirectUri: expect.stringMatching(/^https:\/\/127\.0\.0\.1:/), apiBaseUrl: sandbox.baseUrl });
    expect(JSON.stringify(config)).not.toContain(sandbox.client.clientSecret);

    await core.dispose();
    // Polling off: a reopened core shows nothing and asks Schwab nothing until refreshNow; with it on,
    // the saved snapshot is on view at once.
    sandbox.resetCounters();
    const idle = (await inProcessCore({ sandbox, dataDir, autoStart: false })).core;
    expect(await idle.handlers.getSnapshot()).toBeNull();
    await idle.dispose();
    expect(sandbox.counters()).toEqual({});
    const polling = (await inProcessCore({ sandbox, dataDir, autoStart: true })).core;
    expect((await polling.handlers.getSnapshot())?.totals).toEqual(masked.totals);
    await polling.dispose();

    // The signOut handler (arbion logout) forgets the full numbers as well as the masked view.
    const { core: again } = await inProcessCore({ sandbox, dataDir, autoStart: false });
    await again.handlers.refreshNow();
    expect(again.inProcess.snapshotWithAccountNumbers()).not.toBeNull();
    expect(await again.handlers.signOut()).toMatchObject({ status: 'signed-out', mode: 'live' });
    expect(again.inProcess.snapshotWithAccountNumbers()).toBeNull();
  });
});
