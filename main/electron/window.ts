// The main window: Electron's security checklist in webPreferences, bounds remembered in the app state
// file, and close = hide to the tray (the first time, a notification says so). Quitting is the tray's job.
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { Notifier } from '../core/ports';
import type { AppStateStore, WindowBounds } from './appStateStore';
import { MIN_SIZE, restoreBounds, type WorkArea } from './windowBounds';

export function mainWindowOptions(preloadPath: string, bounds: WindowBounds, devTools: boolean): BrowserWindowConstructorOptions {
  const { maximized: _maximized, ...rect } = bounds;
  return {
    ...rect,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Arbion',
    autoHideMenuBar: true,
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}

export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  displays: () => readonly WorkArea[];
  state: AppStateStore;
  notifier: Notifier;
  preloadPath: string;
  entryUrl: string;
  devTools: boolean;
  /** True once the user chose Quit (tray, menu, OS shutdown): then close really closes. */
  isQuitting: () => boolean;
}

export const TRAY_HINT = {
  title: 'Arbion is still running',
  body: 'Arbion keeps updating from the tray. Click the tray icon to open it again, or choose "Quit Arbion" there to exit.',
};

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const bounds = restoreBounds(deps.state.get('windowBounds'), deps.displays());
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath, bounds, deps.devTools));
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | null = null;
  const saveBounds = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const normal: Rectangle = win.getNormalBounds();
    deps.state.set('windowBounds', { ...normal, maximized: win.isMaximized() });
  };
  const scheduleSave = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveBounds, 400);
  };
  win.on('resize', scheduleSave);
  win.on('move', scheduleSave);
  win.on('maximize', scheduleSave);
  win.on('unmaximize', scheduleSave);

  win.on('close', (event) => {
    if (saveTimer) clearTimeout(saveTimer);
    saveBounds();
    if (deps.isQuitting()) return;
    event.preventDefault();
    win.hide();
    if (!deps.state.get('trayHintShown')) {
      deps.state.set('trayHintShown', true);
      deps.notifier.notify(TRAY_HINT.title, TRAY_HINT.body);
    }
  });

  void win.loadURL(deps.entryUrl);
  return win;
}

/** Bring the window forward (second launch, tray click, notification click). */
export function revealWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
