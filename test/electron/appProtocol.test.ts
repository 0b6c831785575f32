// app:// serves the built renderer from one folder and nothing outside it, with the CSP on every response.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppRequestHandler, registerAppSchemePrivileges, resolveAppPath } from '../../main/electron/appProtocol';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Arbion</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  // Files next to the renderer folder that a traversal would reach.
  fs.writeFileSync(path.join(base, 'secret.txt'), 'token');
  fs.mkdirSync(path.join(base, 'renderer-evil'));
  fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'evil');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => createAppRequestHandler(root)(new Request(url, { method }));

describe('resolveAppPath', () => {
  it('maps app://arbion/ paths into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://arbion/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://arbion/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppPath(root, 'app://arbion/assets/app.js?v=1#x')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('clamps dot segments at the root (the URL parser removes them, %2e%2e included)', () => {
    expect(resolveAppPath(root, 'app://arbion/../secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://arbion/%2e%2e/%2e%2e/secret.txt')).toBe(path.join(root, 'secret.txt'));
  });

  it.each([
    ['encoded slash', 'app://arbion/..%2Fsecret.txt'],
    ['double-encoded', 'app://arbion/assets/..%2F..%2Fsecret.txt'],
    ['sibling prefix', 'app://arbion/..%2Frenderer-evil/x.js'],
    ['backslash', 'app://arbion/..%5Csecret.txt'],
    ['NUL byte', 'app://arbion/index.html%00.js'],
    ['malformed escape', 'app://arbion/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['not a URL', 'app:arbion'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('the app:// request handler', () => {
  it('serves index.html with the CSP, nosniff and an HTML type', async () => {
    const res = await get('app://arbion/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Arbion</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts and styles with their types', async () => {
    expect((await get('app://arbion/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://arbion/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for traversal, folders and missing files, never the file outside', async () => {
    for (const url of ['app://arbion/%2e%2e/secret.txt', 'app://arbion/..%2Fsecret.txt', 'app://arbion/assets', 'app://arbion/nope.js']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('token');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://arbion/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://arbion/index.html', 'POST')).status).toBe(405);
  });

  it('keeps the CSP strict: no inline or eval script, no framing, no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('registers app:// as a standard, secure scheme', () => {
    const calls: unknown[] = [];
    registerAppSchemePrivileges({ registerSchemesAsPrivileged: (s) => void calls.push(s) });
    expect(calls).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });
});
