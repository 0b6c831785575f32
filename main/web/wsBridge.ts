// Binds the core's handler table to a WebSocket, the browser host's stand-in for ipcMain.
// A per-launch token (from the page's #token=… fragment) and the exact Origin guard every connection.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../common/contract';
import type { ArbionCore } from '../core/api/coreTypes';
import { dispatch, toWireError } from '../core/api/dispatch';
import type { Logger } from '../core/ports';
import { wireMessage } from './tabularJson';

export const WS_PATH = '/ws';

export interface WsBridgeOptions {
  core: ArbionCore;
  token: string;
  /** The only Origin allowed, e.g. http://127.0.0.1:5173. */
  origin: string;
  logger: Logger;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createWsBridge(options: WsBridgeOptions): {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
} {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const log = options.logger.child('ws');

  // Every window gets the same event: it is serialized once, for the first connection that sends it.
  const lastSent = new Map<string, { payload: unknown; text: string }>();
  const eventText = (event: string, payload: unknown): string => {
    const last = lastSent.get(event);
    if (last && last.payload === payload) return last.text;
    const text = wireMessage({ type: 'event', event }, 'payload', payload);
    lastSent.set(event, { payload, text });
    return text;
  };

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribers = EVENT_NAMES.map((event) =>
      options.core.events.on(event, (payload) => {
        if (ws.readyState === ws.OPEN) ws.send(eventText(event, payload));
      }),
    );
    ws.on('close', () => unsubscribers.forEach((off) => off()));
    ws.on('message', async (data) => {
      let msg: { id?: unknown; method?: unknown; args?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (typeof msg.id !== 'number') return;
      try {
        const result = await dispatch(options.core.handlers, msg.method, msg.args);
        ws.send(wireMessage({ type: 'result', id: msg.id, ok: true }, 'result', result ?? null));
      } catch (e) {
        ws.send(JSON.stringify({ type: 'result', id: msg.id, ok: false, error: toWireError(e) }));
      }
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', options.origin);
      const token = url.searchParams.get('token') ?? '';
      const originOk = req.headers.origin === options.origin;
      if (url.pathname !== WS_PATH || !originOk || !sameSecret(token, options.token)) {
        log.warn('websocket rejected', { path: url.pathname, originOk });
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
