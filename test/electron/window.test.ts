// The main window: security webPreferences, remembered and repaired bounds, close = hide to the tray with a
// one-time notice, and a real close when quitting.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notifier } from '../../main/core/ports';
import { DEFAULT_SIZE, MIN_SIZE, restoreBounds } from '../../main/electron/windowBounds';
import { TRAY_HINT, createMainWindow, mainWindowOptions, revealWindow } from '../../main/electron/window';
import { openAppState, tempDir } from './appState';
import { FakeBrowserWindow } from './fakeElectron';

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('mainWindowOptions', () => {
  it('follows the Electron security checklist', () => {
    const o = mainWindowOptions('/app/out/preload/index.cjs', { width: 1000, height: 700 }, false);
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(o.show).toBe(false);
    expect(o).toMatchObject({ width: 1000, height: 700, minWidth: MIN_SIZE.width, minHeight: MIN_SIZE.height });
    expect(o).not.toHaveProperty('maximized');
  });
});

describe('restoreBounds', () => {
  it('uses defaults for nothing or garbage', () => {
    expect(restoreBounds(undefined, SCREEN)).toEqual(DEFAULT_SIZE);
    expect(restoreBounds({ width: 'wide' }, SCREEN)).toEqual(DEFAULT_SIZE);
  });

  it('keeps a position that is on a screen', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, SCREEN)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
  });

  it('drops a position on a monitor that is gone, and clamps the size', () => {
    expect(restoreBounds({ x: 3000, y: 100, width: 5000, height: 100 }, SCREEN)).toEqual({ width: 1920, height: MIN_SIZE.height });
    expect(restoreBounds({ x: 100, y: -500, width: 900, height: 600 }, SCREEN)).toEqual({ width: 900, height: 600 });
  });

  it('accepts a second monitor to the left', () => {
    const two = [...SCREEN, { x: -1280, y: 0, width: 1280, height: 1024 }];
    expect(restoreBounds({ x: -1200, y: 40, width: 900, height: 600 }, two)).toMatchObject({ x: -1200, y: 40 });
  });
});

describe('createMainWindow', () => {
  const dirs: string[] = [];
  let quitting = false;
  const notified: Array<[string, string]> = [];
  const notifier: Notifier = { notify: (t, b) => void notified.push([t, b]) };

  beforeEach(() => {
    FakeBrowserWindow.instances = [];
    quitting = false;
    notified.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  const open = (dir: string) =>
    createMainWindow({
      BrowserWindow: FakeBrowserWindow as unknown as new (o: Electron.BrowserWindowConstructorOptions) => Electron.BrowserWindow,
      displays: () => SCREEN,
      state: openAppState(dir),
      notifier,
      preloadPath: '/p/index.cjs',
      entryUrl: 'app://arbion/index.html',
      devTools: false,
      isQuitting: () => quitting,
    }) as unknown as FakeBrowserWindow;

  it('loads app://arbion and shows when ready', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    expect(win.loadedUrl).toBe('app://arbion/index.html');
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('close hides to the tray; only the first time a notification says so', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    win.show();
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(false);
    win.show();
    expect(win.userClose()).toBe(false);
    expect(notified).toEqual([[TRAY_HINT.title, TRAY_HINT.body]]);
    // After a restart the hint stays shown-once.
    const again = open(dir);
    again.userClose();
    expect(notified).toHaveLength(1);
  });

  it('really closes when the app is quitting', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    quitting = true;
    expect(win.userClose()).toBe(true);
    expect(notified).toEqual([]);
  });

  it('remembers bounds across restarts', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    win.bounds = { x: 200, y: 120, width: 1111, height: 777 };
    win.emit('resize');
    vi.advanceTimersByTime(1000);
    const next = open(dir);
    expect(next.options).toMatchObject({ x: 200, y: 120, width: 1111, height: 777 });
  });

  it('restores maximised windows maximised', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    win.maximized = true;
    win.emit('maximize');
    vi.advanceTimersByTime(1000);
    expect(open(dir).maximized).toBe(true);
  });

  it('revealWindow restores, shows and focuses', () => {
    const dir = tempDir('arbion-window-');
    dirs.push(dir);
    const win = open(dir);
    win.minimized = true;
    revealWindow(win.asBrowserWindow());
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
  });
});
