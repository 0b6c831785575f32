// The browser host's guards, over real HTTP and WebSocket on loopback.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ArbionHandlers, EventName, EventPayloads, Settings } from '../../common/contract';
import { DEFAULT_SETTINGS } from '../../common/contract';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { startWebHost, type WebHost } from '../../main/web/webHost';

function fakeCore(): ArbionCore & { emit<E extends EventName>(e: E, p: EventPayloads[E]): void } {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let settings: Settings = DEFAULT_SETTINGS;
  const handlers = {
    getSettings: async () => settings,
    updateSettings: async (patch: Partial<Settings>) => (settings = { ...settings, ...patch }),
  } as unknown as ArbionHandlers;
  return {
    handlers,
    events: {
      on(event, cb) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(cb as (p: unknown) => void);
        return () => set.delete(cb as (p: unknown) => void);
      },
    },
    emit(event, payload) {
      listeners.get(event)?.forEach((cb) => cb(payload));
    },
    dispose: async () => {},
  };
}

let host: WebHost;
let core: ReturnType<typeof fakeCore>;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Arbion</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'arbion-secret-outside.txt'), 'outside');
  core = fakeCore();
  host = await startWebHost({ core, logger: silentLogger, rendererDir });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

function connect(token: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function request(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

describe('browser host', () => {
  it('binds 127.0.0.1 and prints a URL carrying the per-launch token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer and the bridge with a strict CSP', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    // The bridge is added to the page ahead of everything else, as a classic script.
    expect(await res.text()).toBe('<!doctype html><title>Arbion</title><script src="./arbion-bridge.js"></script>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const bridge = await fetch(`${host.origin}/arbion-bridge.js`);
    expect(await bridge.text()).toContain("defineProperty(window, 'arbion'");
  });

  it('refuses paths outside the renderer folder and foreign Host headers', async () => {
    const res = await fetch(`${host.origin}/..%2f..%2farbion-secret-outside.txt`);
    expect(res.status).toBe(400);
    // fetch() may not set Host; a raw request can, as a DNS-rebinding page's browser would.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(`${host.origin}/`, { headers: { Host: 'evil.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('redirects Host localhost:PORT to the same path on 127.0.0.1, whose origin the WebSocket accepts', async () => {
    const port = new URL(host.origin).port;
    const get = (pathAndQuery: string, hostHeader: string) =>
      new Promise<{ status: number | undefined; location: string | undefined }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: pathAndQuery, headers: { Host: hostHeader } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode, location: res.headers.location });
          })
          .on('error', reject);
      });
    const first = await get('/index.html?view=1', `localhost:${port}`);
    expect(first).toEqual({ status: 307, location: `${host.origin}/index.html?view=1` });
    // The redirect never leaves 127.0.0.1, whatever the request line claims.
    expect((await get('//evil.example/x', `localhost:${port}`)).location).toBe(`${host.origin}/x`);
    expect((await get('http://evil.example/y', `localhost:${port}`)).location).toBe(`${host.origin}/y`);
    // Following it: the page loads, and a socket from the page's (redirected) origin is accepted.
    const page = await fetch(first.location!);
    expect(page.status).toBe(200);
    const ws = await connect(host.token, new URL(first.location!).origin);
    ws.close();
    // localhost on another port is just a foreign host.
    expect((await get('/', 'localhost:1')).status).toBe(421);
  });

  it('refuses a WebSocket upgrade addressed to localhost (only the redirected origin connects)', async () => {
    const port = new URL(host.origin).port;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${host.token}`, { headers: { Host: `localhost:${port}` }, origin: `http://localhost:${port}` });
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('error', reject);
    });
    expect(status).toBe(403);
  });

  it('rejects a WebSocket without the token or from another origin', async () => {
    await expect(connect('wrong', host.origin)).rejects.toThrow(/403/);
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(host.token, undefined)).rejects.toThrow(/403/);
  });

  it('dispatches validated calls and forwards events', async () => {
    const ws = await connect(host.token, host.origin);
    const ok = await request(ws, 1, 'updateSettings', [{ privacyMode: true }]);
    expect(ok).toMatchObject({ ok: true, result: { privacyMode: true } });
    const bad = await request(ws, 2, 'updateSettings', [{ refreshIntervalSec: 0 }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    const unknown = await request(ws, 3, 'eval', ['1+1']);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BadRequest' } });

    const event = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    core.emit('settings', { ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(await event).toMatchObject({ type: 'event', event: 'settings', payload: { theme: 'dark' } });
    ws.close();
  });
});
