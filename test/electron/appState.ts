// A real app-state file (conf, the library electron-store is built on) in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { appStateFromConf, type AppState, type AppStateStore } from '../../main/electron/appStateStore';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Opens (or reopens, to simulate a restart) the app state file in `dir`. */
export function openAppState(dir: string): AppStateStore {
  return appStateFromConf(new Conf<AppState>({ cwd: dir, configName: 'arbion-app', projectName: 'arbion' }));
}
