// The preload exposes exactly ArbionApi as named methods over ipcRenderer.invoke, strips the
// IpcRendererEvent from listeners and returns working unsubscribe functions.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_MEMBERS, EVENT_NAMES, INVOKE_METHODS, IPC_CHANNEL_PREFIX, type ArbionApi } from '../../common/contract';
import { CHANNEL_PREFIX, cleanIpcErrorMessage, eventChannel } from '../../preload/ipcChannels';

const bridge = vi.hoisted(() => {
  const exposed: Array<{ key: string; api: unknown }> = [];
  const invocations: Array<{ channel: string; args: unknown[] }> = [];
  return { exposed, invocations, reply: null as null | ((channel: string, args: unknown[]) => Promise<unknown>) };
});
// ipcRenderer's listener registry, as the preload sees it.
const renderer = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Listener[]>();
  return {
    on: (channel: string, l: Listener) => void listeners.set(channel, [...(listeners.get(channel) ?? []), l]),
    removeListener: (channel: string, l: Listener) =>
      void listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l)),
    emit: (channel: string, ...args: unknown[]) => (listeners.get(channel) ?? []).forEach((l) => l(...args)),
    listenerCount: (channel: string) => (listeners.get(channel) ?? []).length,
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.push({ key, api }),
  },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      bridge.invocations.push({ channel, args });
      return bridge.reply ? bridge.reply(channel, args) : Promise.resolve({ ok: channel });
    },
    on: (channel: string, listener: (...a: unknown[]) => void) => renderer.on(channel, listener),
    removeListener: (channel: string, listener: (...a: unknown[]) => void) => renderer.removeListener(channel, listener),
  },
}));

let api: ArbionApi;
beforeAll(async () => {
  await import('../../preload/index');
  api = bridge.exposed[0]!.api as ArbionApi;
});

describe('the preload bridge', () => {
  it('exposes one object, window.arbion, once', () => {
    expect(bridge.exposed.map((e) => e.key)).toEqual(['arbion']);
  });

  it('has exactly the contract methods plus one subscription per event, all functions', () => {
    const expected = [...API_MEMBERS].sort();
    expect(expected).toEqual(
      [...INVOKE_METHODS, 'onSnapshot', 'onPortfolioPatch', 'onAuthState', 'onSettings', 'onActivity', 'onOrderFilled', 'onStreamState', 'onAlerts'].sort(),
    );
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.keys(api)).not.toContain('invoke');
  });

  it('uses the contract channel prefix', () => {
    expect(CHANNEL_PREFIX).toBe(IPC_CHANNEL_PREFIX);
  });

  it('calls each method on its own channel with its arguments', async () => {
    bridge.invocations.length = 0;
    await api.getSnapshot();
    await api.getHistory('1W');
    await api.getHistory('1M', 'HASH');
    await api.updateSettings({ privacyMode: true });
    await api.submitRedirectUrl('https://127.0.0.1:8182/?code=x');
    expect(bridge.invocations).toEqual([
      { channel: 'arbion:getSnapshot', args: [] },
      { channel: 'arbion:getHistory', args: ['1W'] },
      { channel: 'arbion:getHistory', args: ['1M', 'HASH'] },
      { channel: 'arbion:updateSettings', args: [{ privacyMode: true }] },
      { channel: 'arbion:submitRedirectUrl', args: ['https://127.0.0.1:8182/?code=x'] },
    ]);
  });

  it('hands listeners the payload only, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.onSnapshot((s) => seen.push(s));
    const fakeEvent = { sender: { secret: 'ipc internals' } };
    renderer.emit(eventChannel('snapshot'), fakeEvent, { asOf: '1' });
    off();
    renderer.emit(eventChannel('snapshot'), fakeEvent, { asOf: '2' });
    expect(seen).toEqual([{ asOf: '1' }]);
    expect(EVENT_NAMES.every((n) => renderer.listenerCount(eventChannel(n)) === 0)).toBe(true);
  });

  it('keeps separate subscriptions independent', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onSettings((s) => a.push(s));
    const offB = api.onSettings((s) => b.push(s));
    offA();
    renderer.emit(eventChannel('settings'), {}, 'x');
    offB();
    expect(a).toEqual([]);
    expect(b).toEqual(['x']);
  });

  it('rejects with { code, message }, as the browser host does', async () => {
    bridge.reply = () => Promise.reject(new Error("Error invoking remote method 'arbion:signOut': Error: NotSignedIn: You are not signed in."));
    await expect(api.signOut()).rejects.toEqual({ code: 'NotSignedIn', message: 'You are not signed in.' });
    bridge.reply = () => Promise.reject(new Error("Error invoking remote method 'arbion:signOut': TypeError: boom"));
    await expect(api.signOut()).rejects.toEqual({ code: 'Internal', message: 'boom' });
    bridge.reply = null;
  });
});

describe('cleanIpcErrorMessage', () => {
  it('strips only Electron’s prefix', () => {
    expect(cleanIpcErrorMessage("Error invoking remote method 'arbion:x': Error: RateLimited: slow down")).toBe('RateLimited: slow down');
    expect(cleanIpcErrorMessage("Error invoking remote method 'arbion:x': TypeError: boom")).toBe('boom');
    expect(cleanIpcErrorMessage('Forbidden: no')).toBe('Forbidden: no');
  });
});
