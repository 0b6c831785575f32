// Electron main entry (out/main/index.js): hands the real core and the demo sandbox to the lifecycle.
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/api/createCore';
import { demoBackendFactory } from '../sandbox/index';
import { launchArbion, reportStartupFailure } from './lifecycle';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

launchArbion({ createCore, demoBackend: demoBackendFactory, env: process.env, preloadPath, rendererDir })
  .then((running) => {
    // Read-only test hook for the Playwright _electron tests (the tray is not reachable from a page).
    if (running && process.env.ARBION_E2E_HOOKS === '1') {
      (globalThis as { arbionE2E?: unknown }).arbionE2E = { trayView: running.trayView };
    }
  })
  .catch(reportStartupFailure);
