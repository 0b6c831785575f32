// Only Schwab's authorize page (or the configured base's, or the running demo sandbox's) and https docs reach
// the browser.
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log/logger';
import { createOriginCheck } from '../../main/electron/appOrigin';
import { createExternalUrlPolicy, trackDemoAuthorizeBases } from '../../main/electron/externalUrlPolicy';
import { createShellOpener } from '../../main/electron/opener';

const AUTHORIZE = 'https://api.schwabapi.com/v1/oauth/authorize?client_id=abc&redirect_uri=https%3A%2F%2F127.0.0.1%3A8182&state=s1';

describe('the external URL allow-list', () => {
  const policy = createExternalUrlPolicy({
    authorizeBases: ['https://sandbox.example.com/api/', 'https://localhost:8443'],
    runtimeAuthorizeBases: () => ['http://127.0.0.1:49152'],
  });

  it.each([
    AUTHORIZE,
    'https://sandbox.example.com/api/v1/oauth/authorize?client_id=x',
    'http://127.0.0.1:49152/v1/oauth/authorize?client_id=demo',
    'https://localhost:8443/v1/oauth/authorize',
    'https://developer.schwab.com/products/trader-api--individual',
    'https://www.schwab.com/',
    'https://www.tradingview.com/',
  ])('allows %s', (url) => expect(policy(url)).toBe(true));

  it.each([
    ['Schwab over http', 'http://api.schwabapi.com/v1/oauth/authorize'],
    ['another Schwab path', 'https://api.schwabapi.com/v1/oauth/token'],
    ['a lookalike host', 'https://api.schwabapi.com.evil.io/v1/oauth/authorize'],
    ['credentials in the URL', 'https://user:pw@api.schwabapi.com/v1/oauth/authorize'],
    ['a non-loopback http sandbox', 'http://10.0.0.5:8080/v1/oauth/authorize'],
    ['loopback, other path', 'http://127.0.0.1:8080/admin'],
    ['docs over http', 'http://developer.schwab.com/'],
    ['the chart credit over http', 'http://www.tradingview.com/'],
    ['another TradingView host', 'https://tradingview.com/'],
    ['another loopback port', 'http://127.0.0.1:49153/v1/oauth/authorize'],
    ['the sandbox port on another loopback name', 'http://localhost:49152/v1/oauth/authorize'],
    ['docs on another port', 'https://developer.schwab.com:8443/'],
    ['a file URL', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['our own app origin', 'app://arbion/index.html'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => expect(policy(url)).toBe(false));

  it('live mode (no configured loopback base, no sandbox): refuses every loopback authorize page', () => {
    const live = createExternalUrlPolicy({ authorizeBases: [] });
    expect(live('http://127.0.0.1:49152/v1/oauth/authorize?client_id=x')).toBe(false);
    expect(live('https://127.0.0.1:8182/v1/oauth/authorize')).toBe(false);
    expect(live('http://localhost:8080/v1/oauth/authorize')).toBe(false);
    expect(live(AUTHORIZE)).toBe(true);
  });

  it('allows a configured loopback base exactly (its port only)', () => {
    const p = createExternalUrlPolicy({ authorizeBases: ['http://127.0.0.1:9999'] });
    expect(p('http://127.0.0.1:9999/v1/oauth/authorize?client_id=x')).toBe(true);
    expect(p('http://127.0.0.1:9998/v1/oauth/authorize?client_id=x')).toBe(false);
  });

  it('allows the demo sandbox’s authorize page only while that sandbox runs', async () => {
    let closed = 0;
    const tracked = trackDemoAuthorizeBases(async () => ({
      baseUrl: 'http://127.0.0.1:50123',
      clientId: 'c',
      clientSecret: 's',
      redirectUri: 'https://127.0.0.1:8182',
      close: async () => void closed++,
    }));
    const p = createExternalUrlPolicy({ runtimeAuthorizeBases: tracked.bases });
    const url = 'http://127.0.0.1:50123/v1/oauth/authorize?client_id=c';
    expect(p(url)).toBe(false);
    const sandbox = await tracked.factory();
    expect(sandbox.clientId).toBe('c');
    expect(p(url)).toBe(true);
    expect(p('http://127.0.0.1:50124/v1/oauth/authorize')).toBe(false);
    await sandbox.close();
    expect(closed).toBe(1);
    expect(p(url)).toBe(false);
  });

  it('ignores a configured base that is plain http off this machine', () => {
    const p = createExternalUrlPolicy({ authorizeBases: ['http://schwab.example.com'] });
    expect(p('http://schwab.example.com/v1/oauth/authorize')).toBe(false);
  });
});

describe('the shell opener', () => {
  it('opens allowed URLs with shell.openExternal and refuses the rest without calling it', async () => {
    const openExternal = vi.fn(async () => undefined);
    const opener = createShellOpener({ openExternal }, createExternalUrlPolicy(), silentLogger);
    expect(await opener.open(AUTHORIZE)).toBe(true);
    expect(await opener.open('https://evil.example/v1/oauth/authorize')).toBe(false);
    expect(await opener.open('file:///etc/passwd')).toBe(false);
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith(AUTHORIZE, { activate: true });
  });

  it('reports false when the system browser fails', async () => {
    const opener = createShellOpener({ openExternal: async () => Promise.reject(new Error('no browser')) }, createExternalUrlPolicy(), silentLogger);
    expect(await opener.open(AUTHORIZE)).toBe(false);
  });
});

describe('our origin', () => {
  it('is app://arbion in production', () => {
    const ours = createOriginCheck();
    expect(ours('app://arbion/index.html')).toBe(true);
    expect(ours('app://arbion/assets/x.js')).toBe(true);
    expect(ours('app://evil/index.html')).toBe(false);
    expect(ours('http://localhost:5173/')).toBe(false);
    expect(ours('file:///index.html')).toBe(false);
  });

  it('adds the loopback dev server only when one is given', () => {
    const ours = createOriginCheck('http://localhost:5173/');
    expect(ours('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(ours('http://localhost:5174/')).toBe(false);
    expect(createOriginCheck('https://evil.example/')('https://evil.example/')).toBe(false);
  });
});
