// The Electron app with the real core and a malformed setting: it says why in one dialog and exits 1,
// with no window and no demo sandbox started in its place.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../main/core/api/createCore';
import type { DemoBackendFactory } from '../../main/core/ports';
import { tempDir } from './appState';
import { FakeBrowserWindow } from './fakeElectron';
import { newWorld, type World } from './fakeElectronApp';

vi.mock('electron', async () => (await import('./fakeElectronApp')).mockedElectron());
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  const { currentWorld: world } = await import('./fakeElectronApp');
  class FakeElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: { name?: string } = {}) {
      super({ cwd: world().app.getPath('userData'), configName: options.name ?? 'config', projectName: 'arbion' });
    }
  }
  return { default: FakeElectronStore };
});

let w: World;
let dir: string;
beforeEach(() => {
  dir = tempDir('arbion-startup-');
  w = newWorld(dir);
  vi.resetModules();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a malformed setting at launch', () => {
  it('SCHWAB_API_BASE_URL=http://example.com with an App Key: one dialog naming it, exit 1, no window, no demo', async () => {
    const { launchArbion, reportStartupFailure } = await import('../../main/electron/lifecycle');
    let demoStarted = false;
    const demoBackend: DemoBackendFactory = async () => {
      demoStarted = true;
      throw new Error('the demo must not start');
    };
    const env = { SCHWAB_API_BASE_URL: 'http://example.com', SCHWAB_CLIENT_ID: 'A'.repeat(32), SCHWAB_CLIENT_SECRET: 'B'.repeat(16) };
    const launched = launchArbion({ createCore, demoBackend, env, preloadPath: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' });
    const error = await launched.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ConfigInvalid' });

    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      reportStartupFailure(error);
    } finally {
      consoleError.mockRestore();
    }
    expect(w.errorBoxes).toEqual([
      [
        'Arbion could not start',
        'SCHWAB_API_BASE_URL uses http:// for example.com; only https:// is allowed unless the host is this computer (127.0.0.1).',
      ],
    ]);
    expect(w.app.calls).toContain('exit');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(demoStarted).toBe(false);
  });
});
