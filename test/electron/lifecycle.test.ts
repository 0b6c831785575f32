// The composition with a faked Electron and a stand-in core: what happens before `ready`, the single-
// instance lock, IPC rejecting a forged sender, tray and window following core events, and an orderly quit.
import fs from 'node:fs';
import { toCents } from '../../common/money/cents';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  INVOKE_METHODS,
  type ArbionHandlers,
  type AuthState,
  type EventName,
  type EventPayloads,
  type PortfolioSnapshot,
  type Settings,
} from '../../common/contract';
import { eventChannel, invokeChannel } from '../../preload/ipcChannels';
import type { ArbionCore, CoreOptions } from '../../main/core/api/coreTypes';
import type { DemoBackendFactory } from '../../main/core/ports';
import { TRAY_ICONS } from '../../main/electron/trayIcons';
import { buildAuthState } from '../support/authState';
import { tempDir } from './appState';
import { FakeBrowserWindow, FakeNotification, FakeTray, FakeWebContents, clickMenuItem, invokeEvent } from './fakeElectron';
import { currentWorld, newWorld, type World } from './fakeElectronApp';
import { reducePortfolio } from '../../common/portfolio/reducer';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { formatCurrency } from '../../common/format/numberFormat';

vi.mock('electron', async () => (await import('./fakeElectronApp')).mockedElectron());
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  const { currentWorld: world } = await import('./fakeElectronApp');
  // electron-store = conf rooted in userData; the same file layout the app uses.
  class FakeElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: { name?: string } = {}) {
      super({ cwd: world().app.getPath('userData'), configName: options.name ?? 'config', projectName: 'arbion' });
    }
  }
  return { default: FakeElectronStore };
});

const snapshot: PortfolioSnapshot = {
  asOf: '2026-03-02T14:59:50Z',
  source: 'live',
  freshness: 'fresh',
  freshnessReason: null,
  demo: true,
  accounts: [],
  totals: { liquidationValue: toCents(128410.07), cashBalance: toCents(0), dayChange: toCents(918.23), dayChangePercent: 0.72, buyingPower: null, longValue: toCents(0), shortValue: toCents(0), positionCount: 0 },
};

function authState(status: AuthState['status']): AuthState {
  return buildAuthState({
    status,
    mode: 'demo',
    redirectUri: null,
    accessExpiresAt: null,
    refreshExpiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    signedInAt: new Date().toISOString(),
  });
}

/** A stand-in for createCore: in-memory state, the real event shape, calls recorded. */
function fakeCore() {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  let settings: Settings = DEFAULT_SETTINGS;
  let options: CoreOptions | null = null;
  let disposed = false;
  const emit = <E extends EventName>(name: E, payload: EventPayloads[E]): void =>
    listeners.get(name)?.forEach((cb) => cb(payload));
  const handlers = Object.fromEntries(INVOKE_METHODS.map((m) => [m, async () => (calls.push(m), null)])) as unknown as ArbionHandlers;
  handlers.getSnapshot = async () => snapshot;
  handlers.getAuthState = async () => authState('signed-in');
  handlers.getSettings = async () => settings;
  handlers.getAlertFeed = async () => ({ recent: [], unseen: 0 });
  handlers.updateSettings = async (patch) => {
    calls.push(`updateSettings ${JSON.stringify(patch)}`);
    settings = { ...settings, ...patch };
    emit('settings', settings);
    return settings;
  };
  const core: ArbionCore & { inProcess: { pauseStream(): void; resumeStream(): void } } = {
    inProcess: {
      pauseStream: () => void calls.push('pauseStream'),
      resumeStream: () => void calls.push('resumeStream'),
    },
    handlers,
    events: {
      on(name, cb) {
        const set = listeners.get(name) ?? new Set();
        set.add(cb as (p: unknown) => void);
        listeners.set(name, set);
        return () => set.delete(cb as (p: unknown) => void);
      },
    },
    dispose: async () => {
      disposed = true;
    },
  };
  const createCore = vi.fn(async (o: CoreOptions) => {
    options = o;
    return core;
  });
  return { createCore, emit, calls, options: () => options, disposed: () => disposed };
}

const demoBackend: DemoBackendFactory = async () => ({ baseUrl: 'http://127.0.0.1:1', clientId: 'c', clientSecret: 's', redirectUri: 'r', close: async () => undefined });

let w: World;
let dir: string;
beforeEach(() => {
  dir = tempDir('arbion-lifecycle-');
  w = newWorld(dir);
  vi.resetModules();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function launch(core = fakeCore(), env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux') {
  const { launchArbion } = await import('../../main/electron/lifecycle');
  const running = await launchArbion({
    createCore: core.createCore,
    demoBackend,
    env,
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform,
  });
  return { running, core, win: FakeBrowserWindow.instances[0], tray: FakeTray.instances[0] };
}

describe('power', () => {
  it('pauses the quote stream on suspend or lock and resumes once awake and unlocked; quitting stops listening', async () => {
    const { core } = await launch();
    const stream = (): string[] => core.calls.filter((c) => c.endsWith('Stream'));
    w.powerMonitor.emit('lock-screen');
    w.powerMonitor.emit('suspend');
    expect(stream()).toEqual(['pauseStream']);
    w.powerMonitor.emit('resume');
    expect(stream()).toEqual(['pauseStream']); // still locked
    w.powerMonitor.emit('unlock-screen');
    expect(stream()).toEqual(['pauseStream', 'resumeStream']);
    w.powerMonitor.emit('suspend');
    w.powerMonitor.emit('resume');
    expect(stream()).toEqual(['pauseStream', 'resumeStream', 'pauseStream', 'resumeStream']);
    w.app.quit();
    expect(w.powerMonitor.listenerCount('suspend')).toBe(0);
  });
});

describe('before ready', () => {
  it('enables the sandbox and registers app:// before ready, then takes the single-instance lock', async () => {
    await launch();
    expect(w.app.calls.slice(0, 3)).toEqual(['registerSchemes', 'enableSandbox', 'requestSingleInstanceLock']);
    expect(w.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });

  it('on Windows claims the installer’s AppUserModelID before ready (taskbar grouping, toast notifications)', async () => {
    const { core } = await launch(fakeCore(), {}, 'win32');
    expect(w.app.calls).toContain('setAppUserModelId ai.arbion.desktop');
    expect(core.options()?.cipher.id).toBe('safeStorage:dpapi');
  });

  it.each(['linux', 'darwin'] as const)('on %s sets no AppUserModelID', async (platform) => {
    await launch(fakeCore(), {}, platform);
    expect(w.app.calls.filter((c) => c.startsWith('setAppUserModelId'))).toEqual([]);
  });

  it('a second instance quits without building a core or a window', async () => {
    w.app.gotLock = false;
    const { running, core } = await launch();
    expect(running).toBeNull();
    expect(w.app.quitCount).toBe(1);
    expect(core.createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('ARBION_DATA_DIR moves userData (Chromium profile, app state, SQLite) before ready', async () => {
    const other = tempDir('arbion-datadir-');
    const { core, win } = await launch(fakeCore(), { ARBION_DATA_DIR: other });
    expect(core.options()?.dataDir).toBe(other);
    win!.userClose(); // saves the window bounds to the app state file
    expect(fs.existsSync(`${other}/arbion-app.json`)).toBe(true);
    expect(fs.existsSync(`${dir}/arbion-app.json`)).toBe(false);
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('an unusable ARBION_DATA_DIR stops the start before ready with one line, before any core, log or window', async () => {
    const file = `${dir}/a-file`;
    fs.writeFileSync(file, 'not a folder');
    const failed = await launch(fakeCore(), { ARBION_DATA_DIR: `${file}/data` }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).toBe(
      `Arbion cannot use the data folder ${file}/data (ARBION_DATA_DIR): ${file} is a file, not a folder. ` +
        'Set ARBION_DATA_DIR to a folder this user can write to.',
    );
    expect(w.app.ready).toBe(false);
    expect(w.app.getPath('userData')).toBe(dir);
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('an unusable default user-data folder fails with the same check once Electron names it', async () => {
    const file = `${dir}/a-file`;
    fs.writeFileSync(file, 'not a folder');
    w.app.setPath('userData', file);
    const core = fakeCore();
    const failed = await launch(core).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).toBe(
      `Arbion cannot use the data folder ${file}: it is a file, not a folder. ` +
        'Make the folder writable, or set ARBION_DATA_DIR to a folder this user can write to.',
    );
    expect(core.createCore).not.toHaveBeenCalled();
  });
});

describe('after ready', () => {
  it('hands the core the safeStorage cipher, settings, opener, notifier and demo backend', async () => {
    const { core } = await launch();
    const o = core.options()!;
    expect(o.cipher.id).toBe('safeStorage:gnome_libsecret');
    expect(o.settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(await o.demoBackend?.()).toMatchObject({ baseUrl: 'http://127.0.0.1:1', clientId: 'c' });
    expect(o.autoStart).toBe(true);
    expect(o.dataDir).toBe(dir);
    expect(await o.opener.open('https://evil.example/')).toBe(false);
    expect(await o.opener.open('https://api.schwabapi.com/v1/oauth/authorize?client_id=x')).toBe(true);
    expect(w.opened).toEqual(['https://api.schwabapi.com/v1/oauth/authorize?client_id=x']);
  });

  it('live mode: refuses a loopback authorize page; the demo sandbox’s is allowed only once the core started it', async () => {
    const { core } = await launch();
    const o = core.options()!;
    const sandboxAuthorize = 'http://127.0.0.1:1/v1/oauth/authorize?client_id=c';
    expect(await o.opener.open(sandboxAuthorize)).toBe(false);
    expect(await o.opener.open('http://127.0.0.1:49152/v1/oauth/authorize?client_id=x')).toBe(false);
    const sandbox = await o.demoBackend!();
    expect(await o.opener.open(sandboxAuthorize)).toBe(true);
    await sandbox.close();
    expect(await o.opener.open(sandboxAuthorize)).toBe(false);
    expect(w.opened).toEqual([sandboxAuthorize]);
  });

  it('a loopback SCHWAB_API_BASE_URL allows that base’s authorize page, no other port', async () => {
    const { core } = await launch(fakeCore(), { SCHWAB_API_BASE_URL: 'http://127.0.0.1:9999' });
    const { opener } = core.options()!;
    expect(await opener.open('http://127.0.0.1:9999/v1/oauth/authorize?client_id=x')).toBe(true);
    expect(await opener.open('http://127.0.0.1:9998/v1/oauth/authorize?client_id=x')).toBe(false);
  });

  it('serves the renderer from app:// and opens the window there with the preload', async () => {
    const { win } = await launch();
    expect(w.protocolHandlers.has('app')).toBe(true);
    expect(win!.loadedUrl).toBe('app://arbion/index.html');
    expect(win!.options.webPreferences).toMatchObject({ preload: '/app/out/preload/index.cjs', sandbox: true, contextIsolation: true });
    expect(win!.options.webPreferences?.devTools).toBe(false);
    expect(w.permissionHandlers.request).not.toBeNull();
  });

  it('lets only the main window write the clipboard ("Copy diagnostics"); every other permission stays denied', async () => {
    const { win } = await launch();
    const request = w.permissionHandlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void, d: object) => void;
    const check = w.permissionHandlers.check as (wc: unknown, p: string, origin: string, d: object) => boolean;
    const answer = (wc: unknown, permission: string): boolean => {
      let granted: boolean | null = null;
      request(wc, permission, (ok) => void (granted = ok), { requestingUrl: 'app://arbion/index.html', isMainFrame: true });
      return granted!;
    };
    expect(answer(win!.webContents, 'clipboard-sanitized-write')).toBe(true);
    expect(check(win!.webContents, 'clipboard-sanitized-write', 'app://arbion', { isMainFrame: true })).toBe(true);
    expect(answer(win!.webContents, 'clipboard-read')).toBe(false);
    expect(answer(win!.webContents, 'notifications')).toBe(false);
    expect(answer(new FakeWebContents(), 'clipboard-sanitized-write')).toBe(false);
    expect(check(new FakeWebContents(), 'clipboard-sanitized-write', 'app://arbion', { isMainFrame: true })).toBe(false);
  });

  it('uses the dev server only in an unpackaged run', async () => {
    w.app.isPackaged = false;
    const { win } = await launch(fakeCore(), { ELECTRON_RENDERER_URL: 'http://localhost:5173' });
    expect(win!.loadedUrl).toBe('http://localhost:5173');
    expect(w.protocolHandlers.has('app')).toBe(false);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    const { win } = await launch(fakeCore(), { ELECTRON_RENDERER_URL: 'https://evil.example' });
    expect(win!.loadedUrl).toBe('app://arbion/index.html');
  });

  it('answers IPC from the window and rejects a forged sender', async () => {
    const { win } = await launch();
    await expect(w.ipcMain.invoke(invokeChannel('getSnapshot'), invokeEvent(win!.webContents))).resolves.toEqual(snapshot);
    const forged = new FakeWebContents('app://arbion/index.html');
    await expect(w.ipcMain.invoke(invokeChannel('getSnapshot'), invokeEvent(forged))).rejects.toThrow(/Forbidden/);
  });

  it('puts the balance in the tray and follows core events in tray and window', async () => {
    const { tray, win, core } = await launch();
    expect(tray!.tooltip).toMatch(/^Arbion \(demo\): Total \$128,410\.07 ▲0\.72%/);
    core.emit('snapshot', { ...snapshot, freshness: 'offline', totals: { ...snapshot.totals, liquidationValue: toCents(1000) } });
    expect(tray!.tooltip).toMatch(/\$1,000\.00/);
    expect(tray!.tooltip).toMatch(/Offline/);
    expect(win!.webContents.sent.map((s) => s.channel)).toEqual([eventChannel('snapshot')]);
  });

  it('follows streamed price patches in the tray, at most once a second', async () => {
    const { tray, core } = await launch();
    const portfolio = buildSnapshot();
    core.emit('snapshot', portfolio);
    const held = portfolio.accounts[0]!.positions.find((p) => p.assetType === 'EQUITY')!;
    const price = (held.mark ?? 100) + 10;
    const { snapshot: moved, patch } = reducePortfolio(portfolio, {
      type: 'prices',
      prices: [{ symbol: held.symbol, mark: price, asOf: new Date(Date.parse(portfolio.asOf) + 1_000).toISOString() }],
    });
    expect(patch).not.toBeNull();
    const before = tray!.tooltip;
    core.emit('portfolioPatch', patch!);
    // Held back for the second, then the patched total.
    expect(tray!.tooltip).toBe(before);
    const total = formatCurrency(moved!.totals.liquidationValue);
    await vi.waitFor(() => expect(tray!.tooltip).toContain(total), { timeout: 3_000, interval: 100 });
  });

  it('the tray privacy toggle goes through the core and hides amounts', async () => {
    const { tray, core } = await launch();
    clickMenuItem(tray!.menu, 'Privacy mode');
    await vi.waitFor(() => expect(core.calls).toContain('updateSettings {"privacyMode":true}'));
    expect(tray!.tooltip).not.toContain('$');
    clickMenuItem(tray!.menu, 'Refresh now');
    expect(core.calls).toContain('refreshNow');
  });

  it('"Renew sign-in…" shows the window and starts a sign-in', async () => {
    const { tray, win, core } = await launch();
    win!.hide();
    clickMenuItem(tray!.menu, 'Renew sign-in…');
    expect(win!.visible).toBe(true);
    expect(core.calls).toContain('signIn');
  });

  it('an alert the core fires reaches the OS through the notifier it was handed, and marks the tray icon until seen', async () => {
    const { core, tray } = await launch();
    const plain = Buffer.from(TRAY_ICONS.color.x1, 'base64');
    const marked = Buffer.from(TRAY_ICONS['color-marked'].x1, 'base64');
    expect(tray!.image.buffer.equals(plain)).toBe(true);
    core.options()!.notifier!.notify('AAPL above $150.00', 'AAPL is at $151.00 (mark), at or above your $150.00 level.');
    expect(FakeNotification.shown.at(-1)).toEqual({ title: 'AAPL above $150.00', body: 'AAPL is at $151.00 (mark), at or above your $150.00 level.' });
    const fired = { id: 1, ruleId: 3, at: snapshot.asOf, title: 'AAPL above $150.00', body: '…', notified: true, seen: false };
    core.emit('alerts', { recent: [fired], unseen: 1 });
    expect(tray!.image.buffer.equals(marked)).toBe(true);
    expect(tray!.tooltip).toContain('1 new alert');
    // A click on "1 new alert…" opens the window, whose alert list marks them seen.
    clickMenuItem(tray!.menu, '1 new alert…');
    core.emit('alerts', { recent: [{ ...fired, seen: true }], unseen: 0 });
    expect(tray!.image.buffer.equals(plain)).toBe(true);
    expect(tray!.tooltip).not.toContain('new alert');
  });

  it('notifies a completed sign-in once', async () => {
    const { core } = await launch();
    core.emit('authState', authState('signing-in'));
    core.emit('authState', authState('signed-in'));
    core.emit('authState', authState('signed-in'));
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Signed in']);
  });

  it('a second launch brings the hidden window back', async () => {
    const { win } = await launch();
    win!.userClose();
    expect(win!.visible).toBe(false);
    w.app.emit('second-instance');
    expect(win!.visible).toBe(true);
  });

  it('closing hides to the tray; Quit closes for real and disposes the core', async () => {
    const { win, tray, core } = await launch();
    expect(win!.userClose()).toBe(false);
    expect(FakeNotification.shown.map((n) => n.title)).toContain('Arbion is still running');
    clickMenuItem(tray!.menu, 'Quit Arbion');
    await vi.waitFor(() => expect(core.disposed()).toBe(true));
    expect(tray!.destroyed).toBe(true);
    await vi.waitFor(() => expect(w.app.calls).toContain('exited'));
    expect(win!.userClose()).toBe(true);
  });
});

describe('basic_text on Linux', () => {
  it('asks once and hands the core a memory-only cipher when declined', async () => {
    currentWorld().safeStorage.backend = 'basic_text';
    currentWorld().dialogAnswers.push(0);
    const { core } = await launch();
    expect(core.options()?.cipher.id).toBe('memory:session');
    expect(core.options()?.cipher.info()).toMatchObject({ weak: true, backend: 'memory' });
  });
});
