// The real app in the real Electron (Playwright `_electron`): demo portfolio on screen, tray text set, the
// window's web preferences, and IPC refusing a forged sender. Needs the Electron binary, which `npm install`
// downloads unless ELECTRON_SKIP_BINARY_DOWNLOAD=1; without it these tests are skipped with the reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArbionApi, PortfolioSnapshot } from '../../common/contract';
import type { TrayView } from '../../main/electron/trayModel';

const root = path.resolve(__dirname, '../..');

/**
 * The path `require('electron')` would return — computed the same way (path.txt, ELECTRON_OVERRIDE_DIST_PATH)
 * but without requiring it, because electron 45's index.js starts a download when the binary is missing.
 */
function electronBinary(): string | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = dist ? path.join(dist, executable || 'electron') : executable ? path.join(pkgDir, 'dist', executable) : null;
  return binary && fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) console.log('skipped: Electron binary not available');

type ArbionWindow = Window & { arbion: ArbionApi };
type E2EGlobals = typeof globalThis & { arbionE2E?: { trayView(): TrayView | null } };

describe.skipIf(!binary)('Arbion Desktop in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    // Always build: a bundle left in out/ by an earlier run would test yesterday's code.
    const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`electron-vite build failed (${build.error?.message ?? `exit ${build.status}`})`);
    for (const bundle of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!fs.existsSync(path.join(root, bundle))) throw new Error(`electron-vite build did not write ${bundle}`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-e2e-electron-'));
    // --password-store=basic selects basic_text; answer the one-time keyring question ahead of the launch.
    fs.writeFileSync(path.join(dataDir, 'arbion-app.json'), JSON.stringify({ weakStorageDecision: 'store' }));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SCHWAB_')) env[k] = v;
    app = await _electron.launch({
      executablePath: binary!,
      args: [root, '--password-store=basic', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
      env: { ...env, ARBION_DATA_DIR: dataDir, ARBION_E2E_HOOKS: '1', ARBION_LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the renderer from app://arbion to a page without Node, seeing only the bridge', async () => {
    expect(page.url()).toMatch(/^app:\/\/arbion\//);
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      arbion: Object.keys((window as unknown as ArbionWindow).arbion).length,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', arbion: 16 });
  });

  it('launches in demo mode and shows the demo portfolio', async () => {
    const auth = await page.evaluate(() => (window as unknown as ArbionWindow).arbion.getAuthState());
    if (auth.status !== 'signed-in') await page.evaluate(() => (window as unknown as ArbionWindow).arbion.startDemo());
    let snapshot: PortfolioSnapshot | null = null;
    await expect
      .poll(async () => (snapshot = await page.evaluate(() => (window as unknown as ArbionWindow).arbion.getSnapshot())), { timeout: 60_000 })
      .not.toBeNull();
    expect(snapshot!.demo).toBe(true);
    expect(snapshot!.accounts.length).toBeGreaterThanOrEqual(3);
    // The total is on screen, formatted as money.
    await page.getByText(/\$\d{1,3}(,\d{3})*\.\d\d/).first().waitFor({ timeout: 30_000 });
  });

  it('puts the balance and day change in the tray tooltip (and title on macOS)', async () => {
    let view: TrayView | null = null;
    await expect
      .poll(async () => (view = await app.evaluate(() => (globalThis as E2EGlobals).arbionE2E?.trayView() ?? null))?.title ?? '', { timeout: 30_000 })
      .toMatch(/^\$[\d,]+\.\d\d [▲▼]?\d+\.\d\d%$/);
    expect(view!.tooltip).toMatch(/^Arbion \(demo\): Total \$[\d,]+\.\d\d/);
  });

  it('rejects IPC from a forged sender (another window with our preload)', async () => {
    const preload = path.join(root, 'out/preload/index.cjs');
    const answer = await app.evaluate(async ({ BrowserWindow }, preloadPath) => {
      const forged = new BrowserWindow({ show: false, webPreferences: { preload: preloadPath, sandbox: true, contextIsolation: true } });
      await forged.loadURL('data:text/html,<p>forged</p>');
      const result = await forged.webContents.executeJavaScript(
        'window.arbion.getSnapshot().then(() => "served", (e) => String(e && e.message))',
      );
      forged.destroy();
      return result as string;
    }, preload);
    expect(answer).toMatch(/^Forbidden: /);
    // The real window is still served.
    expect(await page.evaluate(() => (window as unknown as ArbionWindow).arbion.getSettings())).toHaveProperty('privacyMode');
  });
});
