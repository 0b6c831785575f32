// The bridge: exactly ArbionApi, as named methods (never a generic invoke) built from the contract's one
// declaration, bundled as one CommonJS file because sandboxed preloads cannot load ES modules or npm packages.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EVENT_NAMES,
  INVOKE_METHODS,
  subscriptionName,
  type ArbionApi,
  type EventName,
  type EventPayloads,
  type InvokeMethod,
  type Unsubscribe,
  type WireError,
} from '../common/contract';
import { eventChannel, invokeChannel, parseIpcError } from './ipcChannels';

async function invoke(method: InvokeMethod, args: unknown[]): Promise<unknown> {
  try {
    return await ipcRenderer.invoke(invokeChannel(method), ...args);
  } catch (e) {
    // contextBridge would keep only an Error's message; a plain object crosses whole, so the page gets
    // the same { code, message } the browser host's bridge rejects with.
    const wire: WireError = parseIpcError(e instanceof Error ? e.message : String(e));
    throw wire;
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

export const api = Object.freeze(
  Object.fromEntries([
    ...INVOKE_METHODS.map((method) => [method, (...args: unknown[]) => invoke(method, args)] as const),
    ...EVENT_NAMES.map(
      (name) => [subscriptionName(name), (cb: (payload: EventPayloads[EventName]) => void) => subscribe(name, cb)] as const,
    ),
  ]),
) as unknown as ArbionApi;

contextBridge.exposeInMainWorld('arbion', api);
