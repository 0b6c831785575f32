// The contract is declared once (METHODS, EVENTS); every copy of its member list is derived from it. Each
// transport is checked against that declaration, and a handler's failure must read the same everywhere:
// { code, message } through Electron IPC (the real preload and binding over a faked electron) and through
// the browser host's WebSocket (the real bridge script, the real host, a real socket).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_MEMBERS, DEFAULT_SETTINGS, INVOKE_METHODS, type ArbionApi, type ArbionHandlers } from '../../common/contract';
import { invokeChannel } from '../../preload/ipcChannels';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { ArbionError } from '../../main/core/errors';
import { silentLogger } from '../../main/core/log/logger';
import { bindIpc } from '../../main/electron/ipcBinding';
import { BRIDGE_SCRIPT, startWebHost, type WebHost } from '../../main/web/webHost';
import { renderBridgeScript } from '../../main/web/bridgeScript';
import { createMemoryApi } from '../../renderer/src/testing/memoryApi';
import { FakeIpcMain, FakeWebContents, invokeEvent } from '../electron/fakeElectron';
import { loadBridge } from '../support/bridgePage';

// The preload talks to this ipcMain through Electron's rejection format (FakeIpcMain.invoke).
const electron = vi.hoisted(() => ({
  exposed: null as unknown,
  ipc: null as null | { invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> },
  event: null as unknown,
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_key: string, api: unknown) => (electron.exposed = api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => electron.ipc!.invoke(channel, electron.event, ...args),
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

const FAILURE = new ArbionError('PortBusy', 'Port 8182 on 127.0.0.1 is in use by another program.');

function failingHandlers(): ArbionHandlers {
  return Object.fromEntries(
    INVOKE_METHODS.map((m) => [
      m,
      async () => {
        if (m === 'signIn') throw FAILURE;
        if (m === 'getSettings') return DEFAULT_SETTINGS;
        return null;
      },
    ]),
  ) as unknown as ArbionHandlers;
}

function fakeCore(): ArbionCore {
  return { handlers: failingHandlers(), events: { on: () => () => undefined }, dispose: async () => {} };
}

let host: WebHost;
let rendererDir: string;
let bridgeApi: ArbionApi;
let bridgeSource: string;

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-contract-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ core: fakeCore(), logger: silentLogger, rendererDir });
  bridgeSource = await (await fetch(`${host.origin}/arbion-bridge.js`)).text();
  bridgeApi = loadBridge(bridgeSource, host);

  const ipc = new FakeIpcMain();
  const win = new FakeWebContents('app://arbion/index.html');
  bindIpc(ipc, failingHandlers(), { isTrustedSender: () => true, logger: silentLogger });
  electron.ipc = ipc;
  electron.event = invokeEvent(win);
  await import('../../preload/index');
});

afterAll(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('one declaration, every copy derived from it', () => {
  it('the preload exposes exactly the declared members', () => {
    expect(Object.keys(electron.exposed as object).sort()).toEqual([...API_MEMBERS].sort());
  });

  it('the browser bridge the host serves exposes exactly the declared members', () => {
    expect(Object.keys(bridgeApi).sort()).toEqual([...API_MEMBERS].sort());
    for (const member of API_MEMBERS) expect(typeof (bridgeApi as unknown as Record<string, unknown>)[member]).toBe('function');
  });

  it('the bridge on disk carries no method list of its own', async () => {
    const onDisk = fs.readFileSync(BRIDGE_SCRIPT, 'utf8');
    for (const method of INVOKE_METHODS) expect(onDisk).not.toContain(`'${method}'`);
    expect(await renderBridgeScript(BRIDGE_SCRIPT)).toBe(bridgeSource);
  });

  it('the in-memory fake has exactly the declared members', () => {
    expect(Object.keys(createMemoryApi().api).sort()).toEqual([...API_MEMBERS].sort());
  });

  it('every IPC channel the binding registers is a declared method', () => {
    const ipc = new FakeIpcMain();
    bindIpc(ipc, failingHandlers(), { isTrustedSender: () => true, logger: silentLogger });
    expect([...ipc.handlers.keys()].sort()).toEqual(INVOKE_METHODS.map(invokeChannel).sort());
  });
});

describe('a failed call reads the same through every transport', () => {
  const expected = { code: 'PortBusy', message: 'Port 8182 on 127.0.0.1 is in use by another program.' };

  it('through Electron IPC: { code, message }', async () => {
    const api = electron.exposed as ArbionApi;
    await expect(api.signIn()).rejects.toEqual(expected);
  });

  it('through the WebSocket: the same { code, message }', async () => {
    await expect(bridgeApi.signIn()).rejects.toEqual(expected);
  });

  it('bad arguments are BadRequest in both, before any handler runs', async () => {
    const viaIpc = (electron.exposed as ArbionApi).getAuditLog(-5).catch((e: unknown) => e);
    const viaWs = bridgeApi.getAuditLog(-5).catch((e: unknown) => e);
    const [a, b] = await Promise.all([viaIpc, viaWs]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ code: 'BadRequest' });
  });

  it('a result is the same value in both', async () => {
    await expect((electron.exposed as ArbionApi).getSettings()).resolves.toEqual(DEFAULT_SETTINGS);
    await expect(bridgeApi.getSettings()).resolves.toEqual(DEFAULT_SETTINGS);
  });
});
