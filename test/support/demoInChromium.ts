// The demo as the browser host serves it, for the Chromium E2E tests: the built renderer (built first when
// missing), the real core, the sandbox it starts for the demo (seed 11, auto-approved, no price ticks unless
// asked), the web host on 127.0.0.1, and one Chromium page on it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { DEFAULT_SETTINGS, type Settings } from '../../common/contract';
import { createCore } from '../../main/core/api/createCore';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { createMemorySettingsStore } from '../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';
import { DEFAULT_RENDERER_DIR, startWebHost, type WebHost } from '../../main/web/webHost';
import { launchChromium } from './chromium';
import { freePort } from './freePort';

const root = path.resolve(__dirname, '../..');

export interface DemoInChromium {
  dataDir: string;
  sandbox: Sandbox;
  core: ArbionCore;
  host: WebHost;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface DemoInChromiumOptions {
  /** Names the data folder (arbion-e2e-<name>-…). */
  name: string;
  context: BrowserContextOptions;
  settings?: Partial<Settings>;
  /** Added to the demo sandbox's options (seed 11, auto-approve and the callback are always set). */
  sandbox?: Partial<SandboxOptions>;
  /** The sandbox's own fill events reach the core's activity re-read, as the hosts' demo does. */
  announceActivity?: boolean;
}

export function ensureRendererBuilt(): void {
  if (fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('renderer build failed');
}

export async function openDemoInChromium(options: DemoInChromiumOptions): Promise<DemoInChromium> {
  ensureRendererBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `arbion-e2e-${options.name}-`));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  let sandbox: Sandbox | null = null;
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore({ ...DEFAULT_SETTINGS, ...options.settings }),
    opener: { open: async () => false },
    logger: silentLogger,
    demoBackend: async (o) => {
      const uri = o?.redirectUri ?? redirectUri;
      const started = await startSandbox({ ...options.sandbox, autoApprove: true, seed: 11, redirectUris: [uri] });
      sandbox = started;
      return {
        baseUrl: started.baseUrl,
        clientId: started.client.clientId,
        clientSecret: started.client.clientSecret,
        redirectUri: uri,
        ...(options.announceActivity ? { onAccountActivity: (listener: () => void) => started.activity.onEvent(() => listener()) } : {}),
        close: () => started.close(),
      };
    },
  });
  if (!sandbox) throw new Error('the demo sandbox never started');
  const host = await startWebHost({ core, logger: silentLogger });
  const browser = await launchChromium();
  const page = await (await browser.newContext(options.context)).newPage();
  await page.goto(host.url);
  return {
    dataDir,
    sandbox,
    core,
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.close();
      await core.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
