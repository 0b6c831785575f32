// The page cannot leave our origin, open windows, attach webviews or get permissions; allowed external
// links are handed to the system browser instead.
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log/logger';
import type { Opener } from '../../main/core/ports';
import { createOriginCheck } from '../../main/electron/appOrigin';
import { createExternalUrlPolicy } from '../../main/electron/externalUrlPolicy';
import { installNavigationGuards, installPermissionPolicy } from '../../main/electron/navigationGuards';
import { FakeWebContents } from './fakeElectron';

function setup(devUrl?: string) {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  const opener: Opener = { open: async (url) => (opened.push(url), true) };
  installNavigationGuards(contents.asWebContents(), {
    isOurUrl: createOriginCheck(devUrl),
    isExternalAllowed: createExternalUrlPolicy(),
    opener,
    logger: silentLogger,
  });
  const navigate = (event: string, url: string): boolean => {
    const preventDefault = vi.fn();
    contents.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, opened, navigate };
}

describe('window.open', () => {
  it('is always denied; an allow-listed https link goes to the system browser', () => {
    const { contents, opened } = setup();
    expect(contents.windowOpenHandler?.({ url: 'https://developer.schwab.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://arbion/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://developer.schwab.com/']);
  });
});

describe('navigation', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays on app://arbion', (event) => {
    const { navigate } = setup();
    expect(navigate(event, 'app://arbion/index.html#/settings')).toBe(false);
    expect(navigate(event, 'https://evil.example/')).toBe(true);
    expect(navigate(event, 'file:///etc/passwd')).toBe(true);
    expect(navigate(event, 'app://other/index.html')).toBe(true);
    expect(navigate(event, 'http://localhost:5173/')).toBe(true);
  });

  it('allows the dev server origin only in a dev run', () => {
    const { navigate } = setup('http://localhost:5173');
    expect(navigate('will-navigate', 'http://localhost:5173/index.html')).toBe(false);
    expect(navigate('will-navigate', 'http://localhost:6006/')).toBe(true);
  });

  it('opens a blocked top-level navigation in the browser only when it is allow-listed', () => {
    const { navigate, opened } = setup();
    expect(navigate('will-navigate', 'https://www.schwab.com/')).toBe(true);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'https://developer.schwab.com/')).toBe(true);
    expect(opened).toEqual(['https://www.schwab.com/']);
  });

  it('never attaches a <webview>', () => {
    const { contents } = setup();
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
  type CheckHandler = (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string; isMainFrame: boolean }) => boolean;
  function install(devUrl?: string) {
    const main = new FakeWebContents();
    let request: RequestHandler | null = null;
    let check: CheckHandler | null = null;
    installPermissionPolicy(
      {
        setPermissionRequestHandler: (h) => void (request = h as unknown as RequestHandler),
        setPermissionCheckHandler: (h) => void (check = h as unknown as CheckHandler),
      },
      { isOurUrl: createOriginCheck(devUrl), isMainWindow: (wc) => wc === main.asWebContents() },
    );
    const requestFrom = (wc: unknown, permission: string, url: string, isMainFrame = true): boolean => {
      const cb = vi.fn();
      request!(wc, permission, cb, { requestingUrl: url, isMainFrame });
      expect(cb).toHaveBeenCalledTimes(1);
      return cb.mock.calls[0]![0] as boolean;
    };
    const checkFrom = (wc: unknown, permission: string, origin: string, isMainFrame = true): boolean =>
      check!(wc, permission, origin, { isMainFrame });
    return { main, requestFrom, checkFrom };
  }

  it('allows clipboard-sanitized-write (navigator.clipboard.writeText) for our page in the main window', () => {
    const { main, requestFrom, checkFrom } = install();
    expect(requestFrom(main, 'clipboard-sanitized-write', 'app://arbion/index.html')).toBe(true);
    expect(checkFrom(main, 'clipboard-sanitized-write', 'app://arbion')).toBe(true);
  });

  it('denies every other permission, even for our page in the main window', () => {
    const { main, requestFrom, checkFrom } = install();
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read', 'deprecated-sync-clipboard-read', 'unknown']) {
      expect(requestFrom(main, permission, 'app://arbion/index.html')).toBe(false);
      expect(checkFrom(main, permission, 'app://arbion')).toBe(false);
    }
  });

  it('denies clipboard writes from another origin, another WebContents, a sub-frame or no WebContents', () => {
    const { main, requestFrom, checkFrom } = install();
    const other = new FakeWebContents('app://arbion/index.html');
    expect(requestFrom(main, 'clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(checkFrom(main, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(requestFrom(other, 'clipboard-sanitized-write', 'app://arbion/index.html')).toBe(false);
    expect(checkFrom(other, 'clipboard-sanitized-write', 'app://arbion')).toBe(false);
    expect(requestFrom(main, 'clipboard-sanitized-write', 'app://arbion/index.html', false)).toBe(false);
    expect(checkFrom(null, 'clipboard-sanitized-write', 'app://arbion')).toBe(false);
    expect(requestFrom(main, 'clipboard-sanitized-write', 'http://localhost:5173/')).toBe(false);
  });

  it('allows the dev server origin only in a dev run', () => {
    const { main, requestFrom, checkFrom } = install('http://localhost:5173');
    expect(requestFrom(main, 'clipboard-sanitized-write', 'http://localhost:5173/')).toBe(true);
    expect(checkFrom(main, 'clipboard-sanitized-write', 'http://localhost:5173')).toBe(true);
  });
});
