// Serves the built renderer (out/renderer) read-only, with a strict CSP and no path escapes.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Resolves a URL path inside `root`, or null when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  const rootResolved = path.resolve(root);
  return full === rootResolved || full.startsWith(rootResolved + path.sep) ? full : null;
}

export interface StaticRoute {
  /** URL path → absolute file, served in place of anything under root. */
  extraFiles: Record<string, string>;
  /** URL path → a body the host made (e.g. the bridge with the contract written in), by file extension. */
  generated?: Record<string, { extension: string; body: string }>;
  /** Classic scripts the host adds to index.html ahead of the bundle (the app's preload needs none). */
  indexScripts?: readonly string[];
}

/** Puts `<script src>` tags before the page's first script (or before </body>). */
export function withIndexScripts(html: string, scripts: readonly string[]): string {
  if (scripts.length === 0) return html;
  const tags = scripts.map((src) => `<script src="${src}"></script>`).join('');
  const at = html.search(/<script\b/i);
  if (at >= 0) return html.slice(0, at) + tags + html.slice(at);
  const body = html.search(/<\/body>/i);
  return body >= 0 ? html.slice(0, body) + tags + html.slice(body) : html + tags;
}

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  origin: string,
  route: StaticRoute,
): Promise<void> {
  const urlPath = (req.url ?? '/').split('?')[0]!;
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const made = route.generated?.[urlPath];
  if (made) {
    const body = Buffer.from(made.body);
    res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[made.extension] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const file = route.extraFiles[urlPath] ?? resolveInside(root, urlPath);
  if (!file) {
    res.writeHead(400, headers).end('Bad path');
    return;
  }
  try {
    let body = await fs.readFile(file);
    if (route.indexScripts && path.basename(file) === 'index.html' && path.dirname(file) === path.resolve(root)) {
      body = Buffer.from(withIndexScripts(body.toString('utf8'), route.indexScripts));
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}
