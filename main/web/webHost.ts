// The browser host's server: the built renderer, the bridge script and the WebSocket, on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { ArbionCore } from '../core/api/coreTypes';
import { ArbionError } from '../core/errors';
import type { Logger } from '../core/ports';
import { renderBridgeScript } from './bridgeScript';
import { serveStatic } from './staticFiles';
import { createWsBridge, WS_PATH } from './wsBridge';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BRIDGE_SCRIPT = path.join(here, 'static', 'arbion-bridge.js');
export const DEFAULT_RENDERER_DIR = path.resolve(here, '../../out/renderer');

export interface WebHostOptions {
  core: ArbionCore;
  logger: Logger;
  port?: number;
  rendererDir?: string;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/#token=… — the token never appears in a log. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** The only Host served: the origin the WebSocket's Origin check expects. */
function isOurHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}`;
}

/** `localhost` is redirected to 127.0.0.1 rather than served, since the WebSocket accepts one Origin only. */
function isLocalhostAlias(host: string | undefined, port: number): boolean {
  return host === `localhost:${port}`;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const bridgeScript = await renderBridgeScript(BRIDGE_SCRIPT);
  let origin = '';
  let port = 0;
  let bridge: ReturnType<typeof createWsBridge> | null = null;

  const server = http.createServer((req, res) => {
    if (isLocalhostAlias(req.headers.host, port)) {
      // Same path and query on our origin; the browser carries the #token fragment across the redirect.
      const target = new URL(req.url ?? '/', origin);
      res.writeHead(307, { Location: `${origin}${target.pathname}${target.search}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing.
    if (!isOurHost(req.headers.host, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    void serveStatic(req, res, rendererDir, origin, {
      extraFiles: {},
      generated: { '/arbion-bridge.js': { extension: '.js', body: bridgeScript } },
      indexScripts: ['./arbion-bridge.js'],
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!bridge || !isOurHost(req.headers.host, port) || !(req.url ?? '').startsWith(WS_PATH)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    bridge.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new ArbionError('PortBusy', `Port ${options.port} on 127.0.0.1 is in use. Set ARBION_WEB_PORT to another port.`)
          : e,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  bridge = createWsBridge({ core: options.core, token, origin, logger: options.logger });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      bridge?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
