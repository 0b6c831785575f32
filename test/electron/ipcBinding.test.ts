// One wrapper for every channel: only our window's top frame on our origin may call, and arguments must
// pass the contract's schemas before a handler runs.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, EVENT_NAMES, INVOKE_METHODS, type ArbionHandlers } from '../../common/contract';
import { buildAuthState } from '../support/authState';
import { eventChannel, invokeChannel } from '../../preload/ipcChannels';
import type { CoreEvents } from '../../main/core/api/coreTypes';
import { ArbionError } from '../../main/core/errors';
import { silentLogger } from '../../main/core/log/logger';
import { createOriginCheck } from '../../main/electron/appOrigin';
import { bindIpc, createSenderCheck, forwardEvents } from '../../main/electron/ipcBinding';
import { FakeIpcMain, FakeWebContents, fakeFrame, invokeEvent } from './fakeElectron';

function handlerTable() {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const handlers = Object.fromEntries(
    INVOKE_METHODS.map((m) => [
      m,
      vi.fn(async (...args: unknown[]) => {
        calls.push({ method: m, args });
        if (m === 'signOut') throw new ArbionError('NotSignedIn', 'You are not signed in.');
        if (m === 'getSettings') return DEFAULT_SETTINGS;
        return null;
      }),
    ]),
  ) as unknown as ArbionHandlers;
  return { handlers, calls };
}

function setup() {
  const ipc = new FakeIpcMain();
  const win = new FakeWebContents('app://arbion/index.html');
  const { handlers, calls } = handlerTable();
  const isOurUrl = createOriginCheck();
  const unbind = bindIpc(ipc, handlers, { isTrustedSender: createSenderCheck(() => win.asWebContents(), isOurUrl), logger: silentLogger });
  return { ipc, win, handlers, calls, unbind };
}

describe('bindIpc', () => {
  it('registers exactly one channel per contract method', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(INVOKE_METHODS.map((m) => `arbion:${m}`).sort());
  });

  it('serves our window main frame', async () => {
    const { ipc, win } = setup();
    await expect(ipc.invoke(invokeChannel('getSettings'), invokeEvent(win))).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('rejects another window (a forged sender) before any handler runs', async () => {
    const { ipc, calls } = setup();
    const foreign = new FakeWebContents('app://arbion/index.html');
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(foreign))).rejects.toThrow(/Forbidden: This page may not call Arbion/);
    expect(calls).toEqual([]);
  });

  it('rejects a subframe of our window, even on our origin', async () => {
    const { ipc, win, calls } = setup();
    const sub = fakeFrame('app://arbion/index.html', win.mainFrame);
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(win, sub))).rejects.toThrow(/Forbidden/);
    expect(calls).toEqual([]);
  });

  it('rejects a top frame that is not the window main frame', async () => {
    const { ipc, win, calls } = setup();
    const other = fakeFrame('app://arbion/index.html');
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(win, other))).rejects.toThrow(/Forbidden/);
    expect(calls).toEqual([]);
  });

  it('rejects our main frame once it shows another origin', async () => {
    const { ipc, win, calls } = setup();
    win.mainFrame.url = 'https://evil.example/';
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(win))).rejects.toThrow(/Forbidden/);
    expect(calls).toEqual([]);
  });

  it('rejects a frame that is gone (senderFrame null) and a destroyed window', async () => {
    const { ipc, win, calls } = setup();
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(win, null))).rejects.toThrow(/Forbidden/);
    win.destroyed = true;
    await expect(ipc.invoke(invokeChannel('getSnapshot'), invokeEvent(win))).rejects.toThrow(/Forbidden/);
    expect(calls).toEqual([]);
  });

  it.each([
    ['getAuditLog', [5000]],
    ['getAuditLog', ['10']],
    ['getHistory', ['5Y']],
    ['submitRedirectUrl', [42]],
    ['updateSettings', [{ privacyMode: 'yes' }]],
    ['updateSettings', [{ refreshIntervalSec: 1 }]],
    ['updateSettings', [{ unknownKey: true }]],
    ['setCredentials', [{ clientId: 'x', clientSecret: '', redirectUri: 'https://127.0.0.1' }]],
    ['getSnapshot', ['extra']],
  ])('rejects invalid arguments for %s %j before the handler runs', async (method, args) => {
    const { ipc, win, calls } = setup();
    await expect(ipc.invoke(`arbion:${method}`, invokeEvent(win), ...args)).rejects.toThrow(/BadRequest: Invalid arguments/);
    expect(calls).toEqual([]);
  });

  it('passes parsed arguments to the handler', async () => {
    const { ipc, win, calls } = setup();
    await ipc.invoke(invokeChannel('getHistory'), invokeEvent(win), '1M', 'HASH1');
    await ipc.invoke(invokeChannel('updateSettings'), invokeEvent(win), { privacyMode: true });
    expect(calls).toEqual([
      { method: 'getHistory', args: ['1M', 'HASH1'] },
      { method: 'updateSettings', args: [{ privacyMode: true }] },
    ]);
  });

  it('turns a handler error into "<Code>: <message>" without a stack', async () => {
    const { ipc, win } = setup();
    const err = await ipc.invoke(invokeChannel('signOut'), invokeEvent(win)).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/: NotSignedIn: You are not signed in\.$/);
  });

  it('unbinds every channel', () => {
    const { ipc, unbind } = setup();
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  function events() {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const core: CoreEvents = {
      on(name, cb) {
        const set = listeners.get(name) ?? new Set();
        set.add(cb as (p: unknown) => void);
        listeners.set(name, set);
        return () => set.delete(cb as (p: unknown) => void);
      },
    };
    const emit = (name: string, payload: unknown): void => listeners.get(name)?.forEach((cb) => cb(payload));
    return { core, emit, listeners };
  }

  it('sends snapshot, authState and settings to our window on their event channels', () => {
    const { core, emit } = events();
    const win = new FakeWebContents();
    forwardEvents(core, () => win.asWebContents(), createOriginCheck());
    const auth = buildAuthState();
    emit('authState', auth);
    emit('settings', DEFAULT_SETTINGS);
    expect(win.sent).toEqual([
      { channel: eventChannel('authState'), payload: auth },
      { channel: 'arbion:event:settings', payload: DEFAULT_SETTINGS },
    ]);
  });

  it('sends nothing to a page on another origin, a destroyed window or no window', () => {
    const { core, emit } = events();
    const win = new FakeWebContents('https://evil.example/');
    let target: FakeWebContents | null = win;
    forwardEvents(core, () => target?.asWebContents() ?? null, createOriginCheck());
    emit('snapshot', { asOf: 'x' });
    win.url = 'app://arbion/index.html';
    win.destroyed = true;
    emit('snapshot', { asOf: 'y' });
    target = null;
    emit('snapshot', { asOf: 'z' });
    expect(win.sent).toEqual([]);
  });

  it('unsubscribes from the core', () => {
    const { core, listeners } = events();
    const stop = forwardEvents(core, () => null, createOriginCheck());
    expect([...listeners.values()].reduce((n, s) => n + s.size, 0)).toBe(EVENT_NAMES.length);
    stop();
    expect([...listeners.values()].reduce((n, s) => n + s.size, 0)).toBe(0);
  });
});
