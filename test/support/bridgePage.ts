// The served bridge script run in a page-like context (node:vm) whose WebSocket is a real `ws` client, so
// tests reach the browser host through the same script a browser runs.
import vm from 'node:vm';
import WebSocket from 'ws';
import type { ArbionApi } from '../../common/contract';
import type { WebHost } from '../../main/web/webHost';

export function loadBridge(script: string, host: WebHost): ArbionApi {
  const origin = host.origin;
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const storage = new Map<string, string>();
  const window: Record<string, unknown> = {};
  const page = {
    window,
    location: { protocol: 'http:', host: new URL(origin).host, hash: host.url.slice(host.url.indexOf('#')), pathname: '/', search: '' },
    history: { replaceState: () => undefined },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    WebSocket: PageWebSocket,
    setTimeout,
    console,
  };
  vm.runInNewContext(script, page);
  return window.arbion as ArbionApi;
}
