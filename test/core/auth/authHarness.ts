// A real sign-in environment for the auth tests: the sandbox on 127.0.0.1, a callback URL on a free port
// registered with it, a temp data dir with a real SQLite vault and the file-key cipher.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuthService } from '../../../main/core/auth/authService';
import { silentLogger } from '../../../main/core/log/logger';
import type { Clock, Opener } from '../../../main/core/ports';
import { AuditLog } from '../../../main/core/store/auditLog';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { createFileKeyCipher, type FileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { TokenVault } from '../../../main/core/store/tokenVault';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox';
import { freePort } from '../../support/freePort';
import { authorizeInBrowser, landOnCallback } from './sandboxBrowser';

export interface Harness {
  sandbox: Sandbox;
  dir: string;
  dbFile: string;
  db: Db;
  cipher: FileKeyCipher;
  vault: TokenVault;
  audit: AuditLog;
  env: NodeJS.ProcessEnv;
  redirectUri: string;
  port: number;
  opened: string[];
  opener: Opener;
  auth: AuthService;
  close(): Promise<void>;
}

export async function createHarness(opts: { clock?: Clock; sandbox?: SandboxOptions; loginTimeoutMs?: number } = {}): Promise<Harness> {
  const sandbox = await startSandbox({ autoApprove: true, ...opts.sandbox });
  const port = await freePort();
  const redirectUri = `https://127.0.0.1:${port}`;
  sandbox.registerRedirectUri(sandbox.client.clientId, redirectUri);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-auth-'));
  const dbFile = path.join(dir, 'arbion.db');
  const db = openDatabase(dbFile);
  const cipher = createFileKeyCipher(dir);
  const vault = new TokenVault(db, cipher, opts.clock);
  const audit = new AuditLog(db, opts.clock);
  const env: NodeJS.ProcessEnv = {
    SCHWAB_CLIENT_ID: sandbox.client.clientId,
    SCHWAB_CLIENT_SECRET: sandbox.client.clientSecret,
    SCHWAB_REDIRECT_URI: redirectUri,
    SCHWAB_API_BASE_URL: sandbox.baseUrl,
  };
  const opened: string[] = [];
  // The OS's browser launcher is the one thing faked: it records the URL it was asked to open.
  const opener: Opener = {
    open: async (url) => {
      opened.push(url);
      return true;
    },
  };
  const auth = await AuthService.create({
    vault,
    audit,
    opener,
    env,
    logger: silentLogger,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.loginTimeoutMs ? { loginTimeoutMs: opts.loginTimeoutMs } : {}),
  });
  return {
    sandbox,
    dir,
    dbFile,
    db,
    cipher,
    vault,
    audit,
    env,
    redirectUri,
    port,
    opened,
    opener,
    auth,
    close: async () => {
      await auth.dispose();
      await sandbox.close();
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The whole user-side sign-in through the loopback server; returns the callback URL the browser landed on. */
export async function signInThroughBrowser(h: Harness): Promise<{ callbackUrl: string; page: string }> {
  const start = await h.auth.signIn();
  const done = h.auth.waitForSignIn();
  const callbackUrl = await authorizeInBrowser(start.authorizeUrl);
  const page = await landOnCallback(callbackUrl);
  await done;
  return { callbackUrl, page: page.body };
}

export const TOKEN_ENDPOINT = 'POST /v1/oauth/token';

export function tokenCalls(h: Harness): number {
  return h.sandbox.counters()[TOKEN_ENDPOINT] ?? 0;
}

export async function getAccounts(h: Harness, accessToken: string): Promise<Response> {
  return fetch(`${h.sandbox.baseUrl}/trader/v1/accounts`, { headers: { Authorization: `Bearer ${accessToken}` } });
}

/** Every sealed-DB byte (main file and WAL) for the plaintext scans. */
export function databaseBytes(dbFile: string): Buffer {
  return Buffer.concat([dbFile, `${dbFile}-wal`, `${dbFile}-journal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}
