// electron-builder.yml, loaded and validated by electron-builder's own config code (no packaging run).
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
};
const { getConfig, validateConfiguration } = ebRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = ebRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema and sets the hardened fuses, targets and asar layout', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({ appId: 'ai.arbion.desktop', productName: 'Arbion Desktop', asar: true });
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
});
