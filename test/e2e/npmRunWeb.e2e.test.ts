// `npm run web` as a user runs it: a child process with no Schwab credentials, its printed address opened
// in Chromium. The demo must be live on its own: the header moves within one poll, without a click.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';

const root = path.resolve(__dirname, '../..');
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** What the page saw, in the order it saw it: bridge events (by name) and the header total's text. */
type Seen = { kind: 'event'; event: string; total?: string } | { kind: 'header'; text: string };

describe('npm run web', () => {
  let child: ChildProcess;
  let browser: Browser;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-npm-run-web-'));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCHWAB_') && k !== 'ARBION_WEB_PORT') env[k] = v;
    child = spawn('npm', ['run', '--silent', 'web'], {
      cwd: root,
      env: { ...env, ARBION_DATA_DIR: dataDir, ARBION_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm run web printed no address:\n${output}`)), 120_000);
      const check = (): void => {
        if (/#token=\S+\s/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`npm run web exited (${code}):\n${output}`)));
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    // npm starts the host in its own process group; stop the whole group.
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a loopback address, says DEMO, and serves a live demo that moves by itself', async () => {
    expect(output).toMatch(/DEMO mode/);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)![1]!;
    const page = await browser.newPage();
    // Every request the page makes is answered (the favicon included) and the console stays clean.
    const failures: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failures.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') failures.push(`console: ${msg.text()}`);
    });
    await page.goto(url);
    const total = page.locator('.headline-value .big-figure');
    await expect.poll(() => total.textContent(), { timeout: 30_000 }).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(await page.locator('.demo-pill').textContent()).toBe('DEMO');
    const first = await total.textContent();
    // Sandbox prices tick every 2 s; the default poll is 10 s.
    await expect.poll(() => total.textContent(), { timeout: 25_000, interval: 500 }).not.toBe(first);
    expect(await page.evaluate(async () => (await fetch('./favicon.svg')).headers.get('content-type'))).toBe('image/svg+xml');
    expect(failures).toEqual([]);

    // Without the launch token the page gets no data.
    const stranger = await browser.newPage();
    await stranger.goto(url.replace(/#token=.*/, ''));
    await expect.poll(() => stranger.locator('body').innerText()).not.toMatch(/\$\d/);
  });

  it('streams: the header says Streaming and the total moves several times within 3 s by price patches, with no refresh in between', async () => {
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)![1]!;
    const page = await browser.newPage();
    const seen: Seen[] = [];
    // Every bridge event the page receives: a REST refresh arrives as `snapshot`, a streamed price as `portfolioPatch`.
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const msg = JSON.parse(String(payload)) as { type?: string; event?: string; payload?: { totals?: { liquidationValue?: number } } };
        if (msg.type !== 'event' || !msg.event) return;
        const cents = msg.payload?.totals?.liquidationValue;
        seen.push({ kind: 'event', event: msg.event, ...(typeof cents === 'number' ? { total: usd.format(cents / 100) } : {}) });
      }),
    );
    // Every text the header total takes, as the DOM changes (no sampling).
    await page.exposeFunction('__headerTotal', (text: string) => seen.push({ kind: 'header', text }));
    await page.addInitScript(() => {
      let last: string | null = null;
      new MutationObserver(() => {
        const text = document.querySelector('.headline-value .big-figure')?.textContent ?? null;
        if (text !== null && text !== last) {
          last = text;
          (window as unknown as { __headerTotal(t: string): void }).__headerTotal(text);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(url);
    const total = page.locator('.headline-value .big-figure');
    await expect.poll(() => total.textContent(), { timeout: 30_000 }).toMatch(/^\$\d/);
    await expect.poll(() => page.getByTestId('stream-badge').locator('.badge-label').textContent(), { timeout: 30_000 }).toBe('Streaming');

    // Header changes to a total a price patch carried, in a row with no snapshot (a REST refresh) among them.
    const from = seen.length;
    const streamedMoves = (): number => {
      let run = 0;
      let best = 0;
      const patchTotals = new Set<string>();
      for (const s of seen.slice(from)) {
        if (s.kind === 'event' && s.event === 'snapshot') {
          run = 0;
          patchTotals.clear();
        } else if (s.kind === 'event' && s.event === 'portfolioPatch' && s.total) {
          patchTotals.add(s.total);
        } else if (s.kind === 'header' && patchTotals.has(s.text)) {
          best = Math.max(best, ++run);
        }
      }
      return best;
    };
    // The market as a whole moves every 2 s; four moves in 3 s need the faster stream walk.
    await expect.poll(streamedMoves, { timeout: 3_000, interval: 100 }).toBeGreaterThanOrEqual(4);
    await page.close();
  });
});
