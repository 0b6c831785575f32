// The bridge: exactly ArbionApi, as named methods (never a generic invoke), bundled as one CommonJS
// file because sandboxed preloads cannot load ES modules or npm packages.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ArbionApi, EventName, EventPayloads, InvokeMethod, Unsubscribe } from './contract';
import { cleanIpcErrorMessage, eventChannel, invokeChannel } from './ipcChannels';

async function invoke<M extends InvokeMethod>(method: M, ...args: Parameters<ArbionApi[M]>): Promise<Awaited<ReturnType<ArbionApi[M]>>> {
  try {
    return (await ipcRenderer.invoke(invokeChannel(method), ...args)) as Awaited<ReturnType<ArbionApi[M]>>;
  } catch (e) {
    // contextBridge copies only an Error's message, so give the renderer a clean "<Code>: <text>".
    throw new Error(cleanIpcErrorMessage(e instanceof Error ? e.message : String(e)), { cause: e });
  }
}

function subscribe<E extends EventName>(name: E, cb: (payload: EventPayloads[E]) => void): Unsubscribe {
  // The IpcRendererEvent (with its sender) never reaches the page.
  const listener = (_event: IpcRendererEvent, payload: EventPayloads[E]): void => cb(payload);
  ipcRenderer.on(eventChannel(name), listener);
  return () => {
    ipcRenderer.removeListener(eventChannel(name), listener);
  };
}

export const api: ArbionApi = {
  getSnapshot: () => invoke('getSnapshot'),
  onSnapshot: (cb) => subscribe('snapshot', cb),
  refreshNow: () => invoke('refreshNow'),
  getAuthState: () => invoke('getAuthState'),
  onAuthState: (cb) => subscribe('authState', cb),
  signIn: () => invoke('signIn'),
  submitRedirectUrl: (url) => invoke('submitRedirectUrl', url),
  signOut: () => invoke('signOut'),
  setCredentials: (credentials) => invoke('setCredentials', credentials),
  startDemo: () => invoke('startDemo'),
  getHistory: (range, accountHash) =>
    accountHash === undefined ? invoke('getHistory', range) : invoke('getHistory', range, accountHash),
  getAuditLog: (limit) => invoke('getAuditLog', limit),
  getSettings: () => invoke('getSettings'),
  updateSettings: (patch) => invoke('updateSettings', patch),
  onSettings: (cb) => subscribe('settings', cb),
  testConnection: () => invoke('testConnection'),
};

contextBridge.exposeInMainWorld('arbion', api);
