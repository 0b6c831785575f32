// The page cannot leave our origin, open windows, attach webviews or get permissions; allowed external
// links are handed to the system browser instead.
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/core/log/logger';
import type { Opener } from '../../main/core/ports';
import { createOriginCheck } from '../../main/electron/appOrigin';
import { createExternalUrlPolicy } from '../../main/electron/externalUrlPolicy';
import { denyAllPermissions, installNavigationGuards } from '../../main/electron/navigationGuards';
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
  it('denies every request and check', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    let check: ((...args: unknown[]) => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (h) => void (request = h as typeof request),
      setPermissionCheckHandler: (h) => void (check = h as typeof check),
    });
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read']) {
      const cb = vi.fn();
      request!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!(null, permission, 'app://arbion', {})).toBe(false);
    }
  });
});
