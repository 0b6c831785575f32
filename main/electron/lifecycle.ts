// The app's life: what must happen before `ready` (sandbox, privileged scheme, single-instance lock), then
// the composition — safeStorage cipher → core → IPC binding → window → tray — and an orderly quit.
// The core and the demo backend are handed in (index.ts), so this file is unit-tested with a fake core.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
  type WebContents,
} from 'electron';
import ElectronStore from 'electron-store';
import type { AuthState, PortfolioSnapshot, Settings } from '../../common/contract';
import type { ArbionCore, CoreOptions, InProcessAccess } from '../core/api/coreTypes';
import { resolveDataDir } from '../core/config';
import { createLogger } from '../core/log/logger';
import { ensureDataDir } from '../core/store/dataDir';
import type { DemoBackendFactory, Logger } from '../core/ports';
import { APP_USER_MODEL_ID } from './appIdentity';
import { APP_ENTRY_URL, createOriginCheck } from './appOrigin';
import { registerAppProtocol, registerAppSchemePrivileges } from './appProtocol';
import { appStateFromConf, type AppState, type AppStateStore } from './appStateStore';
import { createExternalUrlPolicy, trackDemoAuthorizeBases } from './externalUrlPolicy';
import { bindIpc, createSenderCheck, forwardEvents } from './ipcBinding';
import { installNavigationGuards, installPermissionPolicy } from './navigationGuards';
import { createAuthNotifications, createElectronNotifier } from './notifier';
import { createShellOpener } from './opener';
import { createSafeStorageCipher } from './safeStorageCipher';
import { createElectronSettingsStore } from './settingsStore';
import { createTrayController, type TrayController } from './tray';
import { buildTrayView, type TrayCommand, type TrayView } from './trayModel';
import { askWeakStorageConsent } from './weakStorageDialog';
import { pauseStreamWithPower } from './powerPause';
import { createMainWindow, revealWindow } from './window';
import { reducePortfolio } from '../../common/portfolio/reducer';

export interface LaunchOptions {
  /** The core; with `inProcess`, its quote stream pauses while the computer sleeps or is locked. */
  createCore: (options: CoreOptions) => Promise<ArbionCore & { inProcess?: Pick<InProcessAccess, 'pauseStream' | 'resumeStream'> }>;
  demoBackend?: DemoBackendFactory;
  env: NodeJS.ProcessEnv;
  /** Absolute paths of the built preload (out/preload/index.cjs) and renderer folder (out/renderer). */
  preloadPath: string;
  rendererDir: string;
  /** process.platform unless a test says otherwise. */
  platform?: NodeJS.Platform;
}

export interface RunningApp {
  core: ArbionCore;
  window: () => BrowserWindow | null;
  trayView: () => TrayView | null;
  logger: Logger;
}

/** Refresh the countdown and deadline notifications even when no event arrives. */
const TICK_MS = 30_000;
/** The tray follows streamed prices at most this often (the window takes every patch). */
export const TRAY_PATCH_MS = 1_000;

/** Everything before `ready`. Returns false when another instance owns the lock (this one quits). */
export function prepareApp(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  registerAppSchemePrivileges(protocol);
  app.enableSandbox();
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // Checked before Chromium puts its profile there, so an unusable folder stops the start with one line.
  if (env.ARBION_DATA_DIR) app.setPath('userData', ensureDataDir(resolveDataDir(env), { variable: 'ARBION_DATA_DIR' }));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  return true;
}

/**
 * A launch that failed (a malformed setting such as SCHWAB_API_BASE_URL, an unusable data folder) says why
 * in one dialog and leaves with exit code 1: no window, no demo in its place.
 */
export function reportStartupFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Arbion could not start: ${message}`);
  // Before ready, Linux prints the box to stderr instead, which would repeat the line above.
  if (app.isReady() || process.platform !== 'linux') dialog.showErrorBox('Arbion could not start', message);
  app.exit(1);
}

export async function launchArbion(options: LaunchOptions): Promise<RunningApp | null> {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  if (!prepareApp(env, platform)) return null;

  let quitting = false;
  let window: BrowserWindow | null = null;
  let tray: TrayController | null = null;

  const showWindow = (): void => {
    if (window) revealWindow(window);
  };
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  // The window only hides on close; the tray keeps the app alive until Quit.
  app.on('window-all-closed', () => undefined);

  // electron-vite's dev server URL is honoured only in an unpackaged run.
  const devUrl = !app.isPackaged ? env.ELECTRON_RENDERER_URL : undefined;
  const isOurUrl = createOriginCheck(devUrl);
  // Loopback authorize pages only for the configured base URL or the demo sandbox while it runs.
  const demo = options.demoBackend ? trackDemoAuthorizeBases(options.demoBackend) : null;
  const isExternalAllowed = createExternalUrlPolicy({
    authorizeBases: env.SCHWAB_API_BASE_URL ? [env.SCHWAB_API_BASE_URL] : [],
    ...(demo ? { runtimeAuthorizeBases: demo.bases } : {}),
  });

  await app.whenReady();
  const dataDir = ensureDataDir(app.getPath('userData'), { variable: env.ARBION_DATA_DIR ? 'ARBION_DATA_DIR' : null });
  const logger = createLogger({ dir: dataDir }).child('electron');
  const opener = createShellOpener(shell, isExternalAllowed, logger);
  const guard = (contents: WebContents): void =>
    installNavigationGuards(contents, { isOurUrl, isExternalAllowed, opener, logger });
  app.on('web-contents-created', (_event, contents) => guard(contents));
  installPermissionPolicy(session.defaultSession, {
    isOurUrl,
    isMainWindow: (wc) => window !== null && !window.isDestroyed() && window.webContents === wc,
  });
  if (!devUrl) registerAppProtocol(protocol, options.rendererDir);

  const state: AppStateStore = appStateFromConf(new ElectronStore<AppState>({ name: 'arbion-app' }));
  const cipher = await createSafeStorageCipher({
    safeStorage,
    platform,
    state,
    askWeakStorage: () => askWeakStorageConsent(dialog),
    logger,
  });
  const settings = createElectronSettingsStore(state);
  const notifier = createElectronNotifier(Notification, logger, showWindow);

  const core = await options.createCore({
    dataDir,
    env,
    cipher,
    settings,
    opener,
    notifier,
    logger,
    demoBackend: demo?.factory,
    autoStart: true,
  });

  const contents = (): WebContents | null => (window && !window.isDestroyed() ? window.webContents : null);
  bindIpc(ipcMain, core.handlers, { isTrustedSender: createSenderCheck(contents, isOurUrl), logger });
  const stopForwarding = forwardEvents(core.events, contents, isOurUrl);
  const stopPowerWatch = core.inProcess ? pauseStreamWithPower(powerMonitor, core.inProcess, logger) : () => undefined;

  window = createMainWindow({
    BrowserWindow,
    displays: () => screen.getAllDisplays().map((d) => d.workArea),
    state,
    notifier,
    preloadPath: options.preloadPath,
    entryUrl: devUrl ?? APP_ENTRY_URL,
    devTools: !app.isPackaged,
    isQuitting: () => quitting,
  });

  // Tray: a pure view of the latest snapshot, auth state and settings, re-rendered on every change.
  let snapshot: PortfolioSnapshot | null = await core.handlers.getSnapshot();
  let auth: AuthState = await core.handlers.getAuthState();
  let current: Settings = await core.handlers.getSettings();
  let unseenAlerts = (await core.handlers.getAlertFeed()).unseen;
  let lastView: TrayView | null = null;
  const authNotifications = createAuthNotifications(notifier, state, Date.now);

  const runCommand = (command: TrayCommand): void => {
    const failed = (e: unknown): void => logger.warn('Tray command failed', { command: command.type, error: String(e) });
    switch (command.type) {
      case 'open':
        return showWindow();
      case 'refresh':
        return void core.handlers.refreshNow().catch(failed);
      case 'toggle-privacy':
        return void core.handlers.updateSettings({ privacyMode: !current.privacyMode }).catch(failed);
      case 'show-total':
        return void core.handlers.updateSettings({ trayShow: 'total' }).catch(failed);
      case 'show-account':
        return void core.handlers.updateSettings({ trayShow: 'account', trayAccount: command.hash }).catch(failed);
      case 'renew-sign-in':
        showWindow();
        return void core.handlers.signIn().catch(failed);
      case 'quit':
        return app.quit();
    }
  };
  tray = createTrayController({ Tray, Menu, nativeImage }, platform, runCommand);
  const render = (): void => {
    lastView = buildTrayView({ snapshot, auth, settings: current, now: Date.now(), unseenAlerts });
    tray?.render(lastView);
  };
  let patchTimer: ReturnType<typeof setTimeout> | null = null;
  const offs = [
    core.events.on('snapshot', (s) => {
      snapshot = s;
      render();
    }),
    // Price patches move the tray's figures through the same reducer as the window's, rendered once a second.
    core.events.on('portfolioPatch', (patch) => {
      if (!snapshot) return;
      snapshot = reducePortfolio(snapshot, { type: 'patch', patch }).snapshot ?? snapshot;
      patchTimer ??= setTimeout(() => {
        patchTimer = null;
        render();
      }, TRAY_PATCH_MS);
    }),
    core.events.on('authState', (a) => {
      auth = a;
      authNotifications.update(auth, current.privacyMode);
      render();
    }),
    core.events.on('settings', (s) => {
      current = s;
      render();
    }),
    // Fired alerts mark the icon until the window's alert list has shown them (markAlertsSeen).
    core.events.on('alerts', (feed) => {
      unseenAlerts = feed.unseen;
      render();
    }),
  ];
  authNotifications.update(auth, current.privacyMode);
  render();
  const ticker = setInterval(() => {
    authNotifications.update(auth, current.privacyMode);
    render();
  }, TICK_MS);

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    clearInterval(ticker);
    if (patchTimer !== null) clearTimeout(patchTimer);
    for (const off of offs) off();
    stopForwarding();
    stopPowerWatch();
    tray?.destroy();
    tray = null;
    core
      .dispose()
      .catch((e: unknown) => logger.error('Core shutdown failed', { error: String(e) }))
      .finally(() => app.quit());
  });

  return { core, window: () => window, trayView: () => lastView, logger };
}
