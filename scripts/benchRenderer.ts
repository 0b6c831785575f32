// Renderer figures for `npm run bench`: the built bundle's gzip size, and how long a 2,500-position update
// takes in real Chromium, served by the browser host from the real core and sandbox: a full snapshot, and
// a portfolioPatch for one changed price (applied by the window's reducer).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createCore } from '../main/core/api/createCore';
import { silentLogger } from '../main/core/log/logger';
import { createMemorySettingsStore } from '../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../main/sandbox/index';
import { DEFAULT_RENDERER_DIR, startWebHost } from '../main/web/webHost';
import { DEFAULT_SETTINGS, type EventName, type EventPayloads, type PortfolioPatch, type PortfolioSnapshot } from '../common/contract';
import { reducePortfolio } from '../common/portfolio/reducer';
import type { ArbionCore } from '../main/core/api/coreTypes';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../test/support/chromium';
import type { Page } from 'playwright-core';

type Report = (label: string, value: string, note?: string) => void;

const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .reduce((newest, f) => Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs), 0);
}

/** Builds the renderer when there is no build or its sources (the window's and the shared code) are newer. */
export function ensureRendererBuilt(): void {
  const index = path.join(DEFAULT_RENDERER_DIR, 'index.html');
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'common')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('renderer build failed');
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  args?: { data?: { url?: string } };
}

/** Main-thread durations (ms) by phase: React's scheduler tasks, the bridge's message handler, layout, paint. */
function tracePhases(events: TraceEvent[]): Record<'react' | 'bridge' | 'layout' | 'paint', number[]> {
  const out = { react: [] as number[], bridge: [] as number[], layout: [] as number[], paint: [] as number[] };
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const ms = e.dur / 1000;
    const url = e.args?.data?.url ?? '';
    if (e.name === 'FunctionCall' && url.endsWith('arbion-bridge.js')) out.bridge.push(ms);
    else if (e.name === 'FunctionCall' && /\/assets\/index-[^/]+\.js$/.test(url) && ms > 1) out.react.push(ms);
    else if (e.name === 'Layout') out.layout.push(ms);
    else if (e.name === 'Paint') out.paint.push(ms);
  }
  return out;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

export function rendererBundle(report: Report): void {
  console.log('\nRenderer bundle (gzip -9, target < 200 KB of JavaScript)');
  ensureRendererBuilt();
  const files = fs.readdirSync(DEFAULT_RENDERER_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css)$/.test(f));
  const gz = (ext: string): number =>
    files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(DEFAULT_RENDERER_DIR, f)), { level: 9 }).length, 0);
  const js = gz('.js');
  report('JavaScript', kb(js), js < 200 * 1024 ? 'within target' : 'OVER the 200 KB target');
  report('CSS', kb(gz('.css')));
}

/**
 * Times every snapshot message from its arrival on the WebSocket to the end of the task that committed
 * the DOM (parse + React render + commit), and to the next frame after it (+ style, layout, paint).
 */
const PAGE_TIMER = `(() => {
  const Native = window.WebSocket;
  const samples = [];
  window.__arbionBench = samples;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const kind = e.data.startsWith('{"type":"event","event":"snapshot"') ? 'snapshot'
          : e.data.startsWith('{"type":"event","event":"portfolioPatch"') ? 'patch' : null;
        if (kind === null) return;
        const start = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          const commit = performance.now() - start;
          requestAnimationFrame(() => setTimeout(() => samples.push({ kind, commit, frame: performance.now() - start, bytes: e.data.length }), 0));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    }
  };
})();`;

/** `BENCH_CPU_PROF=<dir>`: a .cpuprofile of the window (its main thread) over the measured updates. */
export async function startPageProfile(page: Page, name: string): Promise<(() => Promise<void>) | null> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}-${process.pid}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`  CPU profile of the window: ${file}`);
  };
}

export async function rendererUpdate(report: Report): Promise<void> {
  const accounts = 10;
  const perAccount = 250;
  const updates = 40;
  console.log(`\nRenderer update in Chromium: ${accounts} accounts × ${perAccount} positions, ${updates} live updates (target < 16 ms)`);
  if (!chromiumInstalled()) {
    report('skipped', '—', `(${CHROMIUM_PATH} not installed)`);
    return;
  }
  ensureRendererBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-bench-renderer-'));
  let sandbox: Sandbox | null = null;
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: 'https://127.0.0.1:8182' },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore({ ...DEFAULT_SETTINGS, refreshIntervalSec: 300, offHours: 'same' }),
    opener: { open: async () => false },
    logger: silentLogger,
    demoBackend: async (o) => {
      const redirectUri = o?.redirectUri ?? 'https://127.0.0.1:8182';
      sandbox = await startSandbox({ autoApprove: true, seed: 3, accounts, positionsPerAccount: perAccount, redirectUris: [redirectUri] });
      return { baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri, close: () => sandbox!.close() };
    },
  });
  // The browser host sees the core's events plus the patches the bench sends: one price change, computed
  // by the model's reducer from what the window holds, as the core's price path does.
  const patchListeners = new Set<(p: PortfolioPatch) => void>();
  const benchCore: ArbionCore = {
    handlers: core.handlers,
    dispose: () => core.dispose(),
    events: {
      on<E extends EventName>(event: E, cb: (payload: EventPayloads[E]) => void): () => void {
        const off = core.events.on(event, cb);
        if (event !== 'portfolioPatch') return off;
        const listener = cb as unknown as (p: PortfolioPatch) => void;
        patchListeners.add(listener);
        return () => {
          off();
          patchListeners.delete(listener);
        };
      },
    },
  };
  const host = await startWebHost({ core: benchCore, logger: silentLogger });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(PAGE_TIMER);
    await page.goto(host.url);
    await page.locator('.pos-table').waitFor({ timeout: 60_000 });
    // The quote stream paused: this section measures the REST snapshot path and single patches on their own
    // (a sandbox tick would otherwise also stream a ~200 KB patch of every moved price into each update);
    // the `stream` section measures the ticks.
    core.inProcess.pauseStream();
    const count = () => page.evaluate(() => (window as unknown as { __arbionBench: unknown[] }).__arbionBench.length);
    const update = async (): Promise<void> => {
      const before = await count();
      sandbox!.tick();
      await core.handlers.refreshNow();
      const deadline = Date.now() + 10_000;
      while ((await count()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    const stopProfile = await startPageProfile(page, 'renderer-snapshots');
    for (let i = 0; i < updates; i++) await update();
    await stopProfile?.();
    type Sample = { kind: 'snapshot' | 'patch'; commit: number; frame: number; bytes: number };
    const allSamples = (): Promise<Sample[]> => page.evaluate(() => (window as unknown as { __arbionBench: Sample[] }).__arbionBench);
    const samples = (await allSamples()).slice(1);
    const rows = await page.locator('.pos-table tbody tr').count();
    const commits = samples.filter((s) => s.kind === 'snapshot').map((s) => s.commit);
    const frames = samples.filter((s) => s.kind === 'snapshot').map((s) => s.frame);
    const snapshotBytes = samples.at(-1)?.bytes ?? 0;
    report('updates measured', String(samples.length), `(${rows} table rows in the DOM: the table is virtualized)`);
    report('message → DOM committed (median)', `${median(commits).toFixed(1)} ms`, '(bridge parse + React + the wait for its task)');
    report('message → DOM committed (p95)', `${p95(commits).toFixed(1)} ms`);
    report('message → next frame painted (median)', `${median(frames).toFixed(1)} ms`, '(adds style, layout, software paint)');

    // The patch path: one portfolioPatch for one changed price → DOM committed.
    let held: PortfolioSnapshot = (await core.handlers.getSnapshot())!;
    // A quoted symbol held in one account, as most are (each further account holding it adds a row).
    const holders = new Map<string, number>();
    for (const a of held.accounts) for (const p of a.positions) holders.set(p.symbol, (holders.get(p.symbol) ?? 0) + 1);
    const position = held.accounts.flatMap((a) => a.positions).find((p) => p.mark !== null && holders.get(p.symbol) === 1)!;
    let patchRows = 0;
    const patchStart = (await allSamples()).length;
    for (let i = 0; i < updates; i++) {
      const before = await count();
      const asOf = new Date(Math.max(Date.parse(held.asOf), Date.now()) + 1_000).toISOString();
      const mark = Math.round(position.mark! * 100 + (i % 2 === 0 ? 1 + i : -1 - i)) / 100;
      const { snapshot, patch } = reducePortfolio(held, { type: 'prices', prices: [{ symbol: position.symbol, mark, asOf }] });
      if (!patch || !snapshot) throw new Error('the price changed nothing');
      held = snapshot;
      patchRows = patch.positions.length;
      for (const send of patchListeners) send(patch);
      const deadline = Date.now() + 10_000;
      while ((await count()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    }
    const patches = (await allSamples()).slice(patchStart).filter((s) => s.kind === 'patch');
    report('patches measured', String(patches.length), `(one changed price, ${patches.at(-1)?.bytes ?? 0} B message, ${patchRows} row(s))`);
    report('portfolioPatch → DOM committed (median)', `${median(patches.map((s) => s.commit)).toFixed(1)} ms`, '(bridge parse + reducer + React)');
    report('portfolioPatch → DOM committed (p95)', `${p95(patches.map((s) => s.commit)).toFixed(1)} ms`);
    report('portfolioPatch → next frame painted (median)', `${median(patches.map((s) => s.frame)).toFixed(1)} ms`);

    // Where the time goes, from a Chromium trace of more updates (tracing itself adds a little).
    await browser.startTracing(page, { categories: ['devtools.timeline'] });
    for (let i = 0; i < 20; i++) await update();
    const traceText = (await browser.stopTracing()).toString('utf8');
    if (process.env.BENCH_TRACE) fs.writeFileSync(process.env.BENCH_TRACE, traceText);
    const trace = JSON.parse(traceText) as { traceEvents: TraceEvent[] };
    const phases = tracePhases(trace.traceEvents);
    const react = median(phases.react);
    report('React render + commit (median task)', `${react.toFixed(1)} ms`, react < 16 ? 'within target' : 'OVER the 16 ms target');
    report('React render + commit (p95 task)', `${p95(phases.react).toFixed(1)} ms`);
    report('bridge JSON.parse + dispatch (median)', `${median(phases.bridge).toFixed(1)} ms`, `(${kb(snapshotBytes)} message)`);
    report('layout (median)', `${median(phases.layout).toFixed(1)} ms`);
    report('paint (median per update)', `${(phases.paint.reduce((a, b) => a + b, 0) / 20).toFixed(1)} ms`);
  } finally {
    await browser.close();
    await host.close();
    await core.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
