// Electron main entry (out/main/index.js): hands the real core and the demo sandbox to the lifecycle.
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { createCore } from '../core/api/createCore';
import { demoBackendFactory } from '../sandbox/index';
import { launchArbion } from './lifecycle';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

launchArbion({ createCore, demoBackend: demoBackendFactory, env: process.env, preloadPath, rendererDir })
  .then((running) => {
    // Read-only test hook for the Playwright _electron tests (the tray is not reachable from a page).
    if (running && process.env.ARBION_E2E_HOOKS === '1') {
      (globalThis as { arbionE2E?: unknown }).arbionE2E = { trayView: running.trayView };
    }
  })
  .catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`Arbion could not start: ${message}`);
    // Before ready, Linux prints the box to stderr instead, which would repeat the line above.
    if (app.isReady() || process.platform !== 'linux') dialog.showErrorBox('Arbion could not start', message);
    app.exit(1);
  });
