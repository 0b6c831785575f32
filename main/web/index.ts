// `npm run web`: the browser host. The same core as the app, in Node, serving the built renderer to a
// local browser. With no Schwab credentials it runs the embedded sandbox (demo mode).
import fs from 'node:fs';
import path from 'node:path';
import { callbackPortWarning } from '../../common/config/callbackPort';
import { createCore } from '../core/api/createCore';
import { resolveDataDir } from '../core/config';
import { isArbionError } from '../core/errors';
import { createLogger } from '../core/log/logger';
import { createConfSettingsStore } from '../core/settings/confSettingsStore';
import { ensureDataDir } from '../core/store/dataDir';
import { createFileKeyCipher } from '../core/store/fileKeyCipher';
import { demoBackendFactory } from '../sandbox/index';
import { DEFAULT_RENDERER_DIR, startWebHost } from './webHost';

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`ARBION_WEB_PORT must be a port number (1–65535), not "${value}".`);
  }
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const dataDir = ensureDataDir(resolveDataDir(env), { variable: env.ARBION_DATA_DIR?.trim() ? 'ARBION_DATA_DIR' : null });
  const logger = createLogger({ dir: path.join(dataDir, 'logs') });
  // A malformed setting stops createCore with the error that names it (never the demo in its place).
  const core = await createCore({
    dataDir,
    env,
    cipher: createFileKeyCipher(dataDir),
    settings: createConfSettingsStore(dataDir),
    // The renderer opens Schwab's page in a new tab itself (SignInStart.opened is false).
    opener: { open: async () => false },
    logger,
    demoBackend: demoBackendFactory,
  });
  if (!fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) {
    await core.dispose();
    throw new Error('The renderer is not built: run `npm run build:renderer` (npm run web does it for you).');
  }
  const host = await startWebHost({ core, logger, port: parsePort(env.ARBION_WEB_PORT) });
  const auth = await core.handlers.getAuthState();
  const portWarning = auth.mode === 'live' && auth.redirectUri ? callbackPortWarning(auth.redirectUri) : null;
  if (portWarning) process.stderr.write(`arbion web: warning: ${portWarning}\n`);
  process.stdout.write(
    `Arbion is running${auth.mode === 'demo' ? ' in DEMO mode (embedded Schwab sandbox: no SCHWAB_CLIENT_ID or saved App Key)' : ''}.\n` +
      `Open this address in your browser (it carries this launch's access token):\n\n  ${host.url}\n\n` +
      `Data folder: ${dataDir}\nPress Ctrl-C to stop.\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) process.exit(130);
    stopping = true;
    await host.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`arbion web: ${e instanceof Error ? e.message : String(e)}${isArbionError(e) ? ` [${e.code}]` : ''}\n`);
  process.exit(1);
});
