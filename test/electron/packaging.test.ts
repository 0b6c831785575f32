// electron-builder.yml, loaded and validated by electron-builder's own config code (no packaging run).
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_USER_MODEL_ID } from '../../main/electron/appIdentity';

const root = path.resolve(__dirname, '../..');
// Resolve electron-builder's internals from electron-builder itself, whatever npm hoisted.
const ebRequire = createRequire(createRequire(path.join(root, 'package.json')).resolve('electron-builder/package.json'));

type Config = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[] };
  mac?: { target?: string[] };
  win?: { target?: string[] };
  files?: Array<{ filter?: string[] }>;
  asarUnpack?: string[];
  deb?: { depends?: string[] | string };
};
const { getConfig, validateConfiguration } = ebRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
// The deb target's built-in dependency list, read from electron-builder rather than copied into the test.
const { default: FpmTarget } = ebRequire('app-builder-lib/out/targets/FpmTarget') as {
  default: { prototype: { getDefaultDepends(target: string): string[] } };
};
const { DebugLogger } = ebRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema and sets the hardened fuses, targets and asar layout', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({ appId: 'ai.arbion.desktop', productName: 'Arbion Desktop', asar: true });
    // Windows attributes notifications to the id the installer's shortcut carries: the app must claim the same.
    expect(config.appId).toBe(APP_USER_MODEL_ID);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.files?.[0]?.filter?.slice(0, 2)).toEqual(['out/**', 'package.json']);
  });

  it('the .deb depends on GTK and the rest of electron-builder’s defaults, plus libsecret for safeStorage', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    expect(defaults).toContain('libgtk-3-0');
    // What FpmTarget passes to fpm: a configured list replaces the defaults wholesale.
    const custom = config.deb?.depends;
    const effective = custom === undefined ? defaults : Array.isArray(custom) ? custom : [custom];
    expect(effective).toEqual(expect.arrayContaining([...defaults, 'libsecret-1-0']));
  });
});
