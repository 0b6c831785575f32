// `npm run sandbox` as a user runs it: a real child process that prints its base URL and demo credentials,
// serves the OAuth flow and the portfolio, honours --faults, and exits cleanly on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AccountsSchema, TokenResponseSchema, UserPreferenceSchema } from '../../main/core/schwab/schemas';

const ROOT = join(__dirname, '..', '..');
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/cli.ts', ...args], { cwd: ROOT });
  children.push(child);
  return child;
}

function waitFor(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (pattern.test(out)) {
        child.stdout.off('data', onData);
        resolve(out);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${out}`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm run sandbox', () => {
  it('prints base URL and credentials, serves the flow, applies --faults, stops on SIGTERM', async () => {
    const child = run(['--auto-approve', '--tick-ms', '0', '--seed', '77', '--faults', 'fail:1:503@/trader']);
    const out = await waitFor(child, /Press Ctrl-C to stop\./);
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const clientId = /App key \(client id\):\s+(\S+)/.exec(out)![1]!;
    const secret = /App secret:\s+(\S+)/.exec(out)![1]!;
    expect(clientId).toHaveLength(32);
    expect(secret).toHaveLength(16);
    expect(out).toContain(`curl -s -u '${clientId}:${secret}'`);
    expect(out).toContain(`${baseUrl}/trader/v1/accounts?fields=positions`);

    const redirect = 'https://127.0.0.1:8182';
    const auth = await fetch(`${baseUrl}/v1/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}`, {
      redirect: 'manual',
    });
    const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
    const tok = await fetch(`${baseUrl}/v1/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }),
    });
    const { access_token } = TokenResponseSchema.parse(await tok.json());
    const headers = { Authorization: `Bearer ${access_token}` };
    expect((await fetch(`${baseUrl}/trader/v1/accounts?fields=positions`, { headers })).status).toBe(503);
    const res = await fetch(`${baseUrl}/trader/v1/accounts?fields=positions`, { headers });
    expect(res.status).toBe(200);
    expect(AccountsSchema.parse(await res.json())).toHaveLength(3);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('rejects a bad --faults spec with exit code 2 and the usage', async () => {
    const child = run(['--faults', 'fail:1:404']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(err).toMatch(/status must be one of 429, 500, 502, 503/);
    expect(err).toContain('Usage: npm run sandbox');
  });

  it('lists the Streamer faults in --help and refuses a bad one by name', async () => {
    const help = run(['--help']);
    const usage = await waitFor(help, /-h, --help/);
    expect(usage).toContain('stream-silence[:AFTER_S] half-open');
    expect(usage).toContain('--stream-symbol-limit <n>');
    expect(usage).toContain('--stream-tick-ms <n>');
    const child = run(['--faults', 'stream-code:7']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(err).toContain('fault "stream-code:7": code must be one of 3, 12, 19, 30');
  });

  it('--stream-tick-ms moves held stocks on its own and the Streamer publishes them; a bad value is refused by name', async () => {
    // The REST walk is off, so every data frame comes from the stream walk alone.
    const child = run(['--auto-approve', '--tick-ms', '0', '--stream-tick-ms', '40', '--seed', '5']);
    const out = await waitFor(child, /Press Ctrl-C to stop\./);
    expect(out).toContain('a few held stocks every 40 ms');
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const clientId = /App key \(client id\):\s+(\S+)/.exec(out)![1]!;
    const secret = /App secret:\s+(\S+)/.exec(out)![1]!;
    const redirect = 'https://127.0.0.1:8182';
    const auth = await fetch(`${baseUrl}/v1/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
    const tok = await fetch(`${baseUrl}/v1/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }),
    });
    const { access_token } = TokenResponseSchema.parse(await tok.json());
    const headers = { Authorization: `Bearer ${access_token}` };
    const accounts = AccountsSchema.parse(await (await fetch(`${baseUrl}/trader/v1/accounts?fields=positions`, { headers })).json());
    const stocks = [
      ...new Set(accounts.flatMap((a) => (a.securitiesAccount.positions ?? []).filter((p) => p.instrument.assetType === 'EQUITY').map((p) => p.instrument.symbol))),
    ];
    const info = UserPreferenceSchema.parse(await (await fetch(`${baseUrl}/trader/v1/userPreference`, { headers })).json()).streamerInfo![0]!;

    const ws = new WebSocket(info.streamerSocketUrl);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    const send = (requestid: string, service: string, command: string, parameters: Record<string, string>): void =>
      ws.send(JSON.stringify({ requests: [{ service, command, requestid, SchwabClientCustomerId: info.schwabClientCustomerId, SchwabClientCorrelId: info.schwabClientCorrelId, parameters }] }));
    const quoteFrames = (): number => frames.filter((f) => f.includes('"LEVELONE_EQUITIES"') && f.startsWith('{"data"')).length;
    const until = (cond: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!cond()) return;
          ws.off('message', check);
          resolve();
        };
        ws.on('message', check);
        check();
      });
    send('1', 'ADMIN', 'LOGIN', { Authorization: access_token, SchwabClientChannel: info.schwabClientChannel, SchwabClientFunctionId: info.schwabClientFunctionId });
    await until(() => frames.some((f) => f.includes('"LOGIN"')));
    send('2', 'LEVELONE_EQUITIES', 'SUBS', { keys: stocks.join(','), fields: '0,1,2,3' });
    await until(() => frames.some((f) => f.includes('"SUBS"')));
    // The first data frame is the subscription's full picture; the ones after it come from the walk.
    const first = quoteFrames();
    await until(() => quoteFrames() >= first + 3);
    ws.terminate();
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);

    const bad = run(['--stream-tick-ms', 'fast']);
    let err = '';
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitCode(bad)).toBe(2);
    expect(err).toContain('--stream-tick-ms must be a non-negative integer');
  });
});
