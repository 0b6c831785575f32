// A whole fake `electron` module for the lifecycle test: the app object, protocol, session, safeStorage …
// A fresh world per test, published on globalThis; the mocked module (built once by vi.mock's factory)
// forwards every export to the current world through getters, as compiled imports read them on use.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { FakeBrowserWindow, FakeIpcMain, FakeNotification, FakeTray, fakeMenu, fakeNativeImage } from './fakeElectron';

export class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  isPackaged = true;
  gotLock = true;
  ready = false;
  quitCount = 0;
  readonly paths = new Map<string, string>();

  constructor(userData: string) {
    super();
    this.paths.set('userData', userData);
  }
  enableSandbox(): void {
    this.calls.push(this.ready ? 'enableSandbox after ready' : 'enableSandbox');
  }
  setAppUserModelId(id: string): void {
    this.calls.push(`setAppUserModelId ${id}${this.ready ? ' after ready' : ''}`);
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.gotLock;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? '/nonexistent';
  }
  whenReady(): Promise<void> {
    this.ready = true;
    return Promise.resolve();
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Electron's quit sequence: before-quit, then will-quit (preventable), then the process ends. */
  quit(): void {
    this.quitCount++;
    this.emit('before-quit', { preventDefault: () => undefined });
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.calls.push('exited');
  }
  exit(): void {
    this.calls.push('exit');
  }
}

export class FakeSafeStorage {
  private readonly key = randomBytes(32);
  constructor(public backend: string) {}
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  setUsePlainTextEncryption(): void {}
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return true;
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  async decryptStringAsync(sealed: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return { result: Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8'), shouldReEncrypt: false };
  }
}

export interface World {
  userData: string;
  app: FakeApp;
  ipcMain: FakeIpcMain;
  safeStorage: FakeSafeStorage;
  schemes: unknown[];
  protocolHandlers: Map<string, (req: Request) => Promise<Response>>;
  opened: string[];
  permissionHandlers: { request: unknown; check: unknown };
  dialogAnswers: number[];
  /** [title, content] of every dialog.showErrorBox. */
  errorBoxes: Array<[string, string]>;
  /** powerMonitor: emit 'suspend', 'resume', 'lock-screen', 'unlock-screen'. */
  powerMonitor: EventEmitter;
}

interface FakeGlobals {
  __arbionFakeElectron?: { world: World; module: Record<string, unknown> };
}
const globals = globalThis as FakeGlobals;

export function newWorld(userData: string): World {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.instances = [];
  const world: World = {
    userData,
    app: new FakeApp(userData),
    ipcMain: new FakeIpcMain(),
    safeStorage: new FakeSafeStorage('gnome_libsecret'),
    schemes: [],
    protocolHandlers: new Map(),
    opened: [],
    permissionHandlers: { request: null, check: null },
    dialogAnswers: [],
    errorBoxes: [],
    powerMonitor: new EventEmitter(),
  };
  globals.__arbionFakeElectron = { world, module: electronModule(world) };
  return world;
}

export function currentWorld(): World {
  const fake = globals.__arbionFakeElectron;
  if (!fake) throw new Error('newWorld() first');
  return fake.world;
}

const EXPORTS = ['app', 'BrowserWindow', 'ipcMain', 'Menu', 'nativeImage', 'Notification', 'Tray', 'safeStorage', 'protocol', 'screen', 'session', 'shell', 'dialog', 'powerMonitor'];

/** What `import … from 'electron'` yields: getters onto whichever world is current. */
export function mockedElectron(): Record<string, unknown> {
  const mod: Record<string, unknown> = {};
  for (const name of EXPORTS) {
    Object.defineProperty(mod, name, {
      enumerable: true,
      get: () => {
        const fake = (globalThis as FakeGlobals).__arbionFakeElectron;
        if (!fake) throw new Error('newWorld() first');
        return fake.module[name];
      },
    });
  }
  return mod;
}

function electronModule(w: World): Record<string, unknown> {
  return {
    app: w.app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: w.ipcMain,
    Menu: fakeMenu,
    nativeImage: fakeNativeImage,
    Notification: FakeNotification,
    Tray: FakeTray,
    safeStorage: w.safeStorage,
    powerMonitor: w.powerMonitor,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => {
        w.schemes.push(schemes);
        w.app.calls.push(w.app.ready ? 'registerSchemes after ready' : 'registerSchemes');
      },
      handle: (scheme: string, handler: (req: Request) => Promise<Response>) => w.protocolHandlers.set(scheme, handler),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (w.permissionHandlers.request = h),
        setPermissionCheckHandler: (h: unknown) => (w.permissionHandlers.check = h),
      },
    },
    shell: { openExternal: async (url: string) => void w.opened.push(url) },
    dialog: {
      showMessageBox: async () => ({ response: w.dialogAnswers.shift() ?? 0, checkboxChecked: false }),
      showErrorBox: (title: string, content: string) => void w.errorBoxes.push([title, content]),
    },
  };
}
