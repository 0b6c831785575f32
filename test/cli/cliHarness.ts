// Runs the `arbion` CLI as real child processes (node_modules/.bin/tsx main/cli/index.ts …) against a
// sandbox started in the test, with a temp data dir and a callback URL registered with the sandbox.
// Shared by the CLI test files; signIn() is the scripted-browser `login --no-browser` they all start from.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox';
import { freePort } from '../support/freePort';
import { authorizeInBrowser, landOnCallback } from '../core/auth/sandboxBrowser';

export const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching. */
  line(p: RegExp): Promise<string>;
  exit: Promise<number>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  sandbox: Sandbox;
  /** The loopback callback port registered with the sandbox. */
  port: number;
  redirectUri: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Starts `arbion <args>`; `cmd` replaces the default tsx + main/cli/index.ts. */
  run(args: string[], extraEnv?: NodeJS.ProcessEnv, cmd?: string[]): CliRun;
  /** Runs `arbion <args>` with stdin closed and waits for it to exit. */
  runToEnd(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** `npm run --silent cli -- <args>`. */
  runNpm(args: string[]): Promise<CliResult>;
  /** `arbion login --no-browser`, the user allowing access in a scripted browser; resolves when signed in. */
  signIn(): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startCliHarness(sandboxOptions: SandboxOptions = {}): Promise<CliHarness> {
  const sandbox = await startSandbox({ autoApprove: true, ...sandboxOptions });
  const port = await freePort();
  const redirectUri = `https://127.0.0.1:${port}`;
  sandbox.registerRedirectUri(sandbox.client.clientId, redirectUri);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cli-'));
  const env: NodeJS.ProcessEnv = {
    PATH,
    HOME: dataDir,
    ARBION_DATA_DIR: dataDir,
    SCHWAB_CLIENT_ID: sandbox.client.clientId,
    SCHWAB_CLIENT_SECRET: sandbox.client.clientSecret,
    SCHWAB_REDIRECT_URI: redirectUri,
    SCHWAB_API_BASE_URL: sandbox.baseUrl,
  };

  function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, cmd: string[] = [TSX, 'main/cli/index.ts']): CliRun {
    const [bin, ...pre] = cmd;
    const child = spawn(bin!, [...pre, ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const waiters: Array<{ p: RegExp; resolve: (l: string) => void }> = [];
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const w of [...waiters]) {
        const found = out.split('\n').find((l) => w.p.test(l));
        if (found !== undefined) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(found);
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      line: (p) =>
        Promise.race([
          new Promise<string>((resolve) => {
            const found = out.split('\n').find((l) => p.test(l));
            if (found !== undefined) resolve(found);
            else waiters.push({ p, resolve });
          }),
          exit.then((code) => {
            throw new Error(`exited ${code} before printing ${p}: ${err}`);
          }),
        ]),
      exit,
    };
  }

  async function runToEnd(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const r = run(args, extraEnv);
    r.child.stdin!.end();
    const code = await r.exit;
    return { code, stdout: r.stdout(), stderr: r.stderr() };
  }

  async function runNpm(args: string[]): Promise<CliResult> {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
    return { code, stdout, stderr };
  }

  async function signIn(): Promise<CliResult> {
    const r = run(['login', '--no-browser']);
    const url = await r.line(/^https?:\/\//);
    await landOnCallback(await authorizeInBrowser(url));
    const code = await r.exit;
    if (code !== 0) throw new Error(`arbion login exited ${code}: ${r.stderr()}`);
    return { code, stdout: r.stdout(), stderr: r.stderr() };
  }

  return {
    sandbox,
    port,
    redirectUri,
    dataDir,
    env,
    run,
    runToEnd,
    runNpm,
    signIn,
    close: async () => {
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
