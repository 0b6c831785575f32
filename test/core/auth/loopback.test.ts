import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ArbionError } from '../../../main/core/errors';
import { startLoopbackServer, type LoopbackServer } from '../../../main/core/auth/loopbackServer';
import { StateStore } from '../../../main/core/auth/stateStore';
import { browserGet } from './browserFetch';
import { FakeClock } from '../../support/fakeClock';
import { freePort } from '../../support/freePort';
import { rejectsWithCode } from '../../support/rejects';

const CODE = 'C0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.Ab_cd-EFghijklmnopqrstuvwxyz0123456789ABCDEF@';
const ENCODED_CODE = encodeURIComponent(CODE); // …%40

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  opts: { path?: string; timeoutMs?: number; clock?: FakeClock; states?: StateStore; exchange?: (code: string) => Promise<void> } = {},
) {
  const port = await freePort();
  const clock = opts.clock ?? new FakeClock();
  const states = opts.states ?? new StateStore(clock);
  const rejected: ArbionError[] = [];
  const redirectUri = `https://127.0.0.1:${port}${opts.path ?? ''}`;
  const server = await startLoopbackServer({
    redirectUri,
    states,
    clock,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.exchange ? { exchange: opts.exchange } : {}),
    onRejected: (e) => rejected.push(e),
  });
  servers.push(server);
  const base = `https://127.0.0.1:${port}`;
  const get = (pathAndQuery: string, extra: { host?: string; method?: string } = {}) =>
    browserGet(`${base}${pathAndQuery}`, { ca: server.certificatePem, ...extra });
  return { server, port, clock, states, rejected, redirectUri, base, get };
}


function portRefuses(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('loopback callback server', () => {
  it('serves a throw-away SHA-256 certificate for 127.0.0.1, and listens on 127.0.0.1 only', async () => {
    const { server, port } = await start();
    const cert = new crypto.X509Certificate(server.certificatePem);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) as the signature algorithm.
    expect(cert.raw.includes(Buffer.from('06082a8648ce3d040302', 'hex'))).toBe(true);
    expect(cert.validToDate.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    // The listening socket's local address is 127.0.0.1 (0100007F in /proc/net/tcp), never 0.0.0.0.
    if (fs.existsSync('/proc/net/tcp')) {
      const hex = port.toString(16).toUpperCase().padStart(4, '0');
      const listening = fs
        .readFileSync('/proc/net/tcp', 'utf8')
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A');
      expect(listening.map((f) => f[1])).toEqual([`0100007F:${hex}`]);
    }
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await portRefuses(port, external.address)).toBe(true);
  });

  it('accepts one valid callback: decodes the code (ends in @), answers a page, then closes the port', async () => {
    const { server, states, get, port } = await start();
    const state = states.issue();
    const res = await get(`/?code=${ENCODED_CODE}&session=8c1f0d1e-1111-2222-3333-444455556666&state=${state}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Signed in');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await server.result).toBe(CODE);
    expect(await portRefuses(port)).toBe(true);
  });

  it('runs the exchange before answering and reports its failure to the browser and the caller', async () => {
    const { server, states, get } = await start({
      exchange: async () => {
        throw new ArbionError('TokenExchangeFailed', 'Schwab refused the authorization code (invalid_grant).');
      },
    });
    const res = await get(`/?code=${ENCODED_CODE}&state=${states.issue()}`);
    expect(res.status).toBe(502);
    expect(res.body).toContain('Schwab refused the authorization code');
    await rejectsWithCode(server.result, 'TokenExchangeFailed');
  });

  it('refuses a wrong, missing, reused or expired state and keeps waiting for the real callback', async () => {
    const clock = new FakeClock();
    const states = new StateStore(clock);
    const used = states.issue();
    states.consume(used); // an earlier login used it
    const stale = states.issue();
    clock.advance(11 * 60_000); // past the 10-minute life
    const { server, get, rejected } = await start({ clock, states });
    const valid = states.issue();

    const wrong = await get(`/?code=${ENCODED_CODE}&state=${'x'.repeat(43)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('does not match');
    expect((await get(`/?code=${ENCODED_CODE}`)).status).toBe(400);
    const reused = await get(`/?code=${ENCODED_CODE}&state=${used}`);
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('already used');
    const expired = await get(`/?code=${ENCODED_CODE}&state=${stale}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('expired');
    expect(rejected.map((e) => e.code)).toEqual([
      'CallbackStateMismatch',
      'CallbackStateMismatch',
      'CallbackStateMismatch',
      'CallbackStateExpired',
    ]);

    const ok = await get(`/?code=${ENCODED_CODE}&state=${valid}`);
    expect(ok.status).toBe(200);
    expect(await server.result).toBe(CODE);
  });

  it('a replayed callback after success is refused (state single use)', async () => {
    const states = new StateStore(new FakeClock());
    const first = await start({ states });
    const state = states.issue();
    expect((await first.get(`/?code=${ENCODED_CODE}&state=${state}`)).status).toBe(200);
    await first.server.result;
    const second = await start({ states });
    const replay = await second.get(`/?code=${ENCODED_CODE}&state=${state}`);
    expect(replay.status).toBe(400);
    expect(second.rejected.map((e) => e.code)).toEqual(['CallbackStateMismatch']);
  });

  it("ends the sign-in on Schwab's error= callback and shows it (access_denied)", async () => {
    const { server, states, get, port } = await start();
    const state = states.issue();
    const res = await get(`/?error=access_denied&error_description=User%20denied&state=${state}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('declined at Schwab');
    expect(res.body).toContain('access_denied');
    const err = await rejectsWithCode(server.result, 'AccessDenied');
    expect(err.message).toContain('User denied');
    expect(await portRefuses(port)).toBe(true);
  });

  it('an error= callback without the right state cannot end the sign-in', async () => {
    const { server, states, get } = await start();
    expect((await get('/?error=access_denied')).status).toBe(400);
    const ok = await get(`/?code=${ENCODED_CODE}&state=${states.issue()}`);
    expect(ok.status).toBe(200);
    expect(await server.result).toBe(CODE);
  });

  it('refuses a callback without a code', async () => {
    const { states, get, rejected } = await start();
    const res = await get(`/?session=abc&state=${states.issue()}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('no authorization code');
    expect(rejected.map((e) => e.code)).toEqual(['CallbackMissingCode']);
  });

  it('serves only the registered path', async () => {
    const { server, states, get, rejected } = await start({ path: '/oauth/callback' });
    const state = states.issue();
    expect((await get(`/?code=${ENCODED_CODE}&state=${state}`)).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(404);
    expect((await get(`/oauth/callbackx?code=${ENCODED_CODE}&state=${state}`)).status).toBe(404);
    expect(rejected).toEqual([]);
    expect((await get(`/oauth/callback?code=${ENCODED_CODE}&state=${state}`)).status).toBe(200);
    expect(await server.result).toBe(CODE);
  });

  it('refuses a Host header that is not the loopback address (DNS rebinding) and non-GET methods', async () => {
    const { states, get, port, rejected } = await start();
    const state = states.issue();
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port}`, `127.0.0.1:${port + 1}`]) {
      const res = await get(`/?code=${ENCODED_CODE}&state=${state}`, { host });
      expect(res.status, host).toBe(421);
    }
    expect((await get(`/?code=${ENCODED_CODE}&state=${state}`, { method: 'POST' })).status).toBe(405);
    expect(rejected.map((e) => e.code)).toEqual(Array(5).fill('CallbackInvalid'));
    // The state was never consumed by those requests.
    expect((await get(`/?code=${ENCODED_CODE}&state=${state}`)).status).toBe(200);
  });

  it('times out with a clear error and closes the port', async () => {
    const clock = new FakeClock();
    const { server, port } = await start({ clock, timeoutMs: 300_000 });
    clock.advance(299_000);
    expect(await portRefuses(port)).toBe(false);
    clock.advance(2_000);
    const err = await rejectsWithCode(server.result, 'LoginTimeout');
    expect(err.message).toContain('300 s');
    // The server closes right after rejecting; wait for that, not for a fixed time.
    await expect.poll(() => portRefuses(port)).toBe(true);
  });

  it('a busy port is PortBusy with the paste fallback offered', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const err = await rejectsWithCode(
        startLoopbackServer({ redirectUri: `https://127.0.0.1:${port}`, states: new StateStore() }),
        'PortBusy',
      );
      expect(err.message).toContain(`Port ${port}`);
      expect(err.message).toContain('pasting the URL');
    } finally {
      blocker.close();
    }
  });

  it('refuses a redirect URI that is not https://127.0.0.1', async () => {
    await rejectsWithCode(startLoopbackServer({ redirectUri: 'https://www.arbion.ai/cb', states: new StateStore() }), 'ConfigInvalid');
  });
});
