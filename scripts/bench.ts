// `npm run bench`: figures for the live portfolio engine (prints numbers; it is not a test and never fails
// on a target). Everything runs against the embedded sandbox on 127.0.0.1 and real SQLite files in a temp
// dir; polling runs on a manual clock so a simulated day takes seconds.
//
// Sections: requests per refresh, core refresh cost, heap growth over a simulated day, history DB size
// after a simulated year; the renderer's bundle and update paths; the live stream under load (`stream`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AccessTokenSource } from '../main/core/ports';
import { createSchwabHttpClient } from '../main/core/schwab/httpClient';
import { z } from 'zod';
import { ACCOUNTS_PATH, ACCOUNTS_PAYLOAD, QUOTES_PATH, QUOTES_PAYLOAD, createAccountsClient, parseAccounts } from '../main/core/schwab/accountsClient';
import { AccountsSchema, QuotesResponseSchema, type Account } from '../main/core/schwab/schemas';
import { parsePayload } from '../main/core/schwab/payload';
import { CACHE_WRITE_INTERVAL_MS, createPortfolioService, type AuthGate } from '../main/core/portfolio/poller';
import { normalizeAccounts } from '../main/core/portfolio/normalize';
import { snapshotChanged } from '../main/core/portfolio/snapshotDiff';
import { maskSnapshot } from '../main/core/portfolio/masking';
import { reducePortfolio } from '../common/portfolio/reducer';
import { openDatabase, type Db } from '../main/core/store/database';
import { createSnapshotCache } from '../main/core/store/snapshotCache';
import { createHistoryStore, TOTAL_SERIES } from '../main/core/store/historyStore';
import { DEFAULT_REDIRECT_URI, startSandbox, type Sandbox } from '../main/sandbox/index';
import { DEFAULT_SETTINGS, type PortfolioSnapshot, type Settings } from '../common/contract';
import { rendererBundle, rendererUpdate } from './benchRenderer';
import { streamUnderLoad } from './benchStream';
import { FakeClock } from '../test/support/fakeClock';
import { createPositionQuotes } from '../main/core/portfolio/positionQuotes';
import { createSymbolNames } from '../main/core/portfolio/symbolNames';
import { createSymbolNameStore } from '../main/core/store/symbolNameStore';
import { silentLogger } from '../main/core/log/logger';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-bench-'));
const START = Date.parse('2025-01-15T10:00:00-05:00'); // a Wednesday, market open

interface SandboxApp {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Signs in to a sandbox over HTTP (authorize → code → token) and serves that token. */
async function sandboxToken(app: SandboxApp | Sandbox): Promise<AccessTokenSource> {
  const { baseUrl } = app;
  const { clientId, clientSecret } = 'client' in app ? app.client : app;
  if ('setAutoApprove' in app) app.setAutoApprove(true);
  const authorize = new URL('/v1/oauth/authorize', baseUrl);
  authorize.search = new URLSearchParams({ client_id: clientId, redirect_uri: DEFAULT_REDIRECT_URI }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const res = await fetch(`${baseUrl}/v1/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: DEFAULT_REDIRECT_URI }).toString(),
  });
  const { access_token: token } = (await res.json()) as { access_token: string };
  return { getAccessToken: async () => token, refreshAfterUnauthorized: async () => token };
}

/** `npm run sandbox` as a child process, so its heap does not count as Arbion's. */
async function sandboxProcess(args: string[]): Promise<SandboxApp & { stop(): void }> {
  const tsx = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const child = spawn(tsx, [path.resolve(import.meta.dirname, '../main/sandbox/cli.ts'), '--auto-approve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let out = '';
  for await (const chunk of child.stdout) {
    out += String(chunk);
    if (/App secret:\s+\S+/.test(out)) break;
  }
  const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const clientId = /App key \(client id\):\s+(\S+)/.exec(out)?.[1];
  const clientSecret = /App secret:\s+(\S+)/.exec(out)?.[1];
  if (!baseUrl || !clientId || !clientSecret) throw new Error(`sandbox did not start: ${out}`);
  child.stdout.resume();
  return { baseUrl, clientId, clientSecret, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

const signedIn: AuthGate = { get: () => ({ status: 'signed-in', mode: 'demo' }), subscribe: () => () => undefined };

function freshDb(name: string): { db: Db; file: string } {
  const file = path.join(workDir, `${name}.db`);
  return { db: openDatabase(file), file };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmtMs = (ms: number): string => `${ms.toFixed(2)} ms`;
const fmtMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const line = (label: string, value: string, note = ''): void => console.log(`  ${label.padEnd(44)} ${value.padStart(12)}  ${note}`);

async function waitIdle(service: { status(): { inFlight: boolean; polls: number } }, polls: number): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    const st = service.status();
    if (st.polls >= polls && !st.inFlight) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('poll did not finish');
}

async function requestsPerRefresh(): Promise<void> {
  console.log('\nRequests per refresh (the seed design: 1 + 2N)');
  for (const n of [1, 3, 10]) {
    const sandbox = await startSandbox({ accounts: n, autoApprove: true });
    const tokens = await sandboxToken(sandbox);
    sandbox.resetCounters();
    const clock = new FakeClock(START);
    const { db } = freshDb(`requests-${n}`);
    const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock });
    const client = createAccountsClient(http);
    // Wired as the app wires it: one quotes request per refresh for the prices, stock names riding along the first time.
    const symbolNames = createSymbolNames({ client, store: createSymbolNameStore(db), clock, logger: silentLogger });
    const service = createPortfolioService({
      client,
      db,
      clock,
      settings: { get: () => DEFAULT_SETTINGS },
      authGate: signedIn,
      symbolNames,
      quotes: createPositionQuotes({ client, clock, logger: silentLogger, symbolNames }),
    });
    service.start();
    await waitIdle(service, 1);
    const first = Object.values(sandbox.counters()).reduce((s, x) => s + x, 0);
    const refreshes = 20;
    for (let i = 0; i < refreshes; i++) {
      sandbox.tick();
      clock.advance(10_000);
      await waitIdle(service, i + 2);
    }
    const total = Object.values(sandbox.counters()).reduce((s, x) => s + x, 0);
    line(`${n} account${n > 1 ? 's' : ''}: steady state`, `${(total - first) / refreshes}`, `(seed: ${1 + 2 * n}; accounts + one quotes request for the held symbols; first refresh after sign-in: ${first} — also accountNumbers, stock names ride along in the quotes request)`);
    await service.stop();
    db.close();
    await sandbox.close();
  }
}

/** Median ms of `fn` over `runs` calls after `warmup` uncounted ones; `fn` gets the call's index. */
function timeMedian(runs: number, warmup: number, fn: (i: number) => void): number {
  const xs: number[] = [];
  for (let i = 0; i < runs + warmup; i++) {
    const t = performance.now();
    fn(i);
    if (i >= warmup) xs.push(performance.now() - t);
  }
  return median(xs);
}

/** What a host sends for one changed price (the portfolioPatch event) next to the whole snapshot. */
function patchSize(snapshot: PortfolioSnapshot): void {
  const counts = new Map<string, number>();
  for (const a of snapshot.accounts) for (const p of a.positions) counts.set(p.symbol, (counts.get(p.symbol) ?? 0) + 1);
  // A symbol held in one account, as most are; the patch grows by one row per further account holding it.
  const [symbol] = [...counts].find(([, n]) => n === 1) ?? [...counts][0]!;
  const held = snapshot.accounts.flatMap((a) => a.positions).find((p) => p.symbol === symbol)!;
  const mark = Math.round((held.mark ?? Math.abs(held.marketValue / 100 / held.quantity / held.multiplier)) * 1.01 * 100) / 100;
  const asOf = new Date(Date.parse(snapshot.asOf) + 1_000).toISOString();
  const times: number[] = [];
  let patch = null;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    patch = reducePortfolio(snapshot, { type: 'prices', prices: [{ symbol, mark: mark + i / 100, asOf }] }).patch;
    times.push(performance.now() - t);
  }
  const patchBytes = Buffer.byteLength(JSON.stringify(patch));
  const wholeBytes = Buffer.byteLength(JSON.stringify(maskSnapshot(snapshot)));
  line('portfolioPatch for one changed price', `${(patchBytes / 1024).toFixed(2)} KiB`, `${patch?.positions.length ?? 0} row(s); ${patchBytes < 2048 ? 'within' : 'OVER'} the 2 KB target`);
  line('full snapshot event', `${(wholeBytes / 1024).toFixed(0)} KiB`, `(${(wholeBytes / patchBytes).toFixed(0)}× the patch)`);
  line('reducer: one price → patch (median)', fmtMs(median(times)));
}

async function refreshCost(): Promise<void> {
  const accounts = 10;
  const positions = 250;
  const target = 1.5;
  console.log(`\nCore refresh cost: parse + validate + normalize + diff + history, ${accounts} accounts × ${positions} positions (target: at most ${target}× the JSON.parse of the same body)`);
  const sandbox = await startSandbox({ accounts, positionsPerAccount: positions, autoApprove: true });
  const tokens = await sandboxToken(sandbox);
  const token = await tokens.getAccessToken();
  const get = async (route: string): Promise<string> => (await fetch(`${sandbox.baseUrl}${route}`, { headers: { Authorization: `Bearer ${token}` } })).text();
  const numbers = JSON.parse(await get('/trader/v1/accounts/accountNumbers')) as Array<{ accountNumber: string; hashValue: string }>;
  const hashes = new Map(numbers.map((x) => [x.accountNumber, x.hashValue]));
  // Distinct bodies (prices move between them) so the diff and the writes do real work.
  const bodies: string[] = [];
  const quoteBodies: string[] = [];
  const held = (JSON.parse(await get(`${ACCOUNTS_PATH}?fields=positions`)) as Account[]).flatMap((a) => (a.securitiesAccount.positions ?? []).map((p) => p.instrument.symbol));
  const symbols = [...new Set(held)].slice(0, 500); // one quotes request's worth, as the poller asks
  for (let i = 0; i < 20; i++) {
    sandbox.tick();
    bodies.push(await get(`${ACCOUNTS_PATH}?fields=positions`));
    quoteBodies.push(await get(`${QUOTES_PATH}?${new URLSearchParams({ symbols: symbols.join(','), fields: 'quote' }).toString()}`));
  }
  await sandbox.close();

  // Start-up: the compiled validators are generated from the zod schemas and compiled once.
  let t = performance.now();
  ACCOUNTS_PAYLOAD.compile();
  const compileAccounts = performance.now() - t;
  t = performance.now();
  QUOTES_PAYLOAD.compile();
  const compileQuotes = performance.now() - t;

  const { db } = freshDb('refresh-cost');
  const cache = createSnapshotCache(db);
  const history = createHistoryStore(db, { now: () => START });
  const runs = 300;
  const pollsPerCacheWrite = CACHE_WRITE_INTERVAL_MS / 10_000;
  type Stages = Record<'parse' | 'validate' | 'normalize' | 'diff' | 'history' | 'total', number[]>;
  const newStages = (): Stages => ({ parse: [], validate: [], normalize: [], diff: [], history: [], total: [] });
  const cacheWrites: number[] = [];
  /**
   * One refresh's core steps on `body`, as the poller runs them, with `validate` as the check; returns the
   * snapshot, which becomes the next call's `prev` when it changed.
   */
  const refresh = (i: number, validate: (json: unknown) => Account[], prev: PortfolioSnapshot | null, into: Stages): PortfolioSnapshot | null => {
    const body = bodies[i % bodies.length]!;
    const t0 = performance.now();
    const json: unknown = JSON.parse(body);
    const t1 = performance.now();
    const parsed = validate(json);
    const t2 = performance.now();
    const snap = normalizeAccounts(parsed, { hashFor: (n) => hashes.get(n), asOf: START + i * 10_000 });
    const t3 = performance.now();
    const changed = snapshotChanged(prev, snap);
    const t4 = performance.now();
    history.record(START + i * 10_000, [
      { series: TOTAL_SERIES, liquidationCents: snap.totals.liquidationValue, dayChangeCents: snap.totals.dayChange },
      ...snap.accounts.map((a) => ({ series: a.hash, liquidationCents: a.liquidationValue, dayChangeCents: a.dayChange })),
    ]);
    const t5 = performance.now();
    if (i % pollsPerCacheWrite === 0 && validate === parseAccounts) {
      cache.save(snap); // what the poller does at most once a minute
      cacheWrites.push(performance.now() - t5);
    }
    if (i >= 20) {
      // past the warm-up
      into.parse.push(t1 - t0);
      into.validate.push(t2 - t1);
      into.normalize.push(t3 - t2);
      into.diff.push(t4 - t3);
      into.history.push(t5 - t4);
      into.total.push(t5 - t0);
    }
    return changed ? snap : prev;
  };
  // Before (zod's safeParse, as the client validated until now) and after (the compiled check), each run on
  // its own from a collected heap, so each pays for the garbage it makes itself.
  const series = (validate: (json: unknown) => Account[]): Stages => {
    const into = newStages();
    let prev: PortfolioSnapshot | null = null;
    gc();
    for (let i = 0; i < runs + 20; i++) prev = refresh(i, validate, prev, into);
    return into;
  };
  const before = series((json) => parsePayload(AccountsSchema, json, 'accounts'));
  const stages = series(parseAccounts);
  // The yardstick: JSON.parse of the same bodies on its own, garbage collection included as in the series.
  gc();
  const parseMs = timeMedian(runs, 20, (i) => JSON.parse(bodies[i % bodies.length]!));
  const ratio = (x: number, of: number): string => `${(x / of).toFixed(2)}×`;

  line('body size', `${(bodies[0]!.length / 1024).toFixed(0)} KiB`);
  console.log(`  ${'(median of ' + runs + ')'.padEnd(44)} ${'zod, before'.padStart(12)} ${'compiled'.padStart(12)}`);
  for (const k of Object.keys(stages) as Array<keyof Stages>) {
    const note = k === 'parse' ? '(JSON.parse of the body)' : k === 'total' ? '(each stage\'s median leaves out the collections; the total keeps them)' : k === 'validate' ? '(zod safeParse, then the ajv validator compiled from the same schema)' : '';
    console.log(`  ${k.padEnd(44)} ${fmtMs(median(before[k])).padStart(12)} ${fmtMs(median(stages[k])).padStart(12)}  ${note}`);
  }
  const totalMs = median(stages.total);
  line('JSON.parse alone (the yardstick)', fmtMs(parseMs));
  line('core refresh cost ÷ JSON.parse alone', ratio(totalMs, parseMs), `${totalMs / parseMs <= target ? 'within' : 'OVER'} the ${target}× target (before: ${ratio(median(before.total), parseMs)})`);
  line('total p95', fmtMs([...stages.total].sort((a, b) => a - b)[Math.floor(runs * 0.95)]!));

  // The same body through zod 4's own compiled mode (z.compile), measured for the choice of validator.
  const zodCompiled = z.compile(AccountsSchema);
  const parsedBodies = bodies.map((b) => JSON.parse(b) as unknown);
  line('validate with zod 4 z.compile (for comparison)', fmtMs(timeMedian(runs, 20, (i) => zodCompiled.parse(parsedBodies[i % parsedBodies.length]))), '(builds a copy of the body; the ajv check does not)');
  line('compile the validators (once, first refresh)', fmtMs(compileAccounts + compileQuotes), `(accounts ${fmtMs(compileAccounts)}, quotes ${fmtMs(compileQuotes)})`);

  // The quotes request of the same refresh (~500 symbols, the prices shown beside the positions).
  const quoteParse = timeMedian(runs, 20, (i) => JSON.parse(quoteBodies[i % quoteBodies.length]!));
  const quoteJson = quoteBodies.map((b) => JSON.parse(b) as unknown);
  const quoteZod = timeMedian(runs, 20, (i) => parsePayload(QuotesResponseSchema, quoteJson[i % quoteJson.length], 'quotes'));
  const quoteCompiled = timeMedian(runs, 20, (i) => parsePayload(QUOTES_PAYLOAD, quoteJson[i % quoteJson.length], 'quotes'));
  line(`quotes body (${symbols.length} symbols)`, `${(quoteBodies[0]!.length / 1024).toFixed(0)} KiB`, `JSON.parse ${fmtMs(quoteParse)}; validate: zod ${fmtMs(quoteZod)}, compiled ${fmtMs(quoteCompiled)}`);

  // The diff stops at the first difference; an unchanged poll walks everything.
  const same = normalizeAccounts(parseAccounts(JSON.parse(bodies[0]!)), { hashFor: (n) => hashes.get(n), asOf: START });
  const twin = normalizeAccounts(parseAccounts(JSON.parse(bodies[0]!)), { hashFor: (n) => hashes.get(n), asOf: START + 10_000 });
  line('diff of an unchanged poll (full walk)', fmtMs(timeMedian(200, 0, () => {
    if (snapshotChanged(same, twin)) throw new Error('identical bodies must not differ');
  })));
  const cacheMedian = median(cacheWrites);
  line('snapshot cache write (median)', fmtMs(cacheMedian), `(at most once per ${CACHE_WRITE_INTERVAL_MS / 1000} s → ${fmtMs(cacheMedian / pollsPerCacheWrite)} per poll amortised)`);
  line('total + amortised cache write', fmtMs(totalMs + cacheMedian / pollsPerCacheWrite));
  patchSize(same);
  db.close();
}

async function heapOverADay(): Promise<void> {
  const polls = 8640;
  console.log(`\nHeap growth over ${polls} polls (24 h at 10 s on a manual clock, 3 accounts, the sandbox in its own process; target < 2 MB)`);
  const sandbox = await sandboxProcess(['--tick-ms', '25']); // prices move every few polls, not every one
  const tokens = await sandboxToken(sandbox);
  const clock = new FakeClock(START);
  const { db } = freshDb('heap');
  const settings: Settings = { ...DEFAULT_SETTINGS, offHours: 'same' };
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock });
  const service = createPortfolioService({ client: createAccountsClient(http), db, clock, settings: { get: () => settings }, authGate: signedIn });
  let emitted = 0;
  service.onSnapshot(() => emitted++);
  service.start();
  const warmup = 1000; // past JIT warm-up and the first history compaction
  const heapAfterGc = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  let baseline = 0;
  const checkpoints: string[] = [];
  const started = performance.now();
  try {
    for (let i = 1; i <= polls; i++) {
      await waitIdle(service, i);
      if (i === warmup) baseline = heapAfterGc();
      if (i > warmup && i % 2000 === 0) checkpoints.push(`${i}: ${fmtMb(heapAfterGc() - baseline)}`);
      if (i < polls) clock.advance(10_000);
    }
    const end = heapAfterGc();
    line('polls', String(service.status().polls), `(${emitted} emissions; ${((performance.now() - started) / 1000).toFixed(1)} s wall)`);
    line(`heap after poll ${warmup} (after GC)`, fmtMb(baseline));
    line(`heap after poll ${polls} (after GC)`, fmtMb(end));
    line('growth', fmtMb(end - baseline), end - baseline < 2 * 1024 * 1024 ? 'within target' : 'OVER the 2 MB target');
    line('growth at checkpoints', checkpoints.join(', '));
  } finally {
    await service.stop();
    db.close();
    sandbox.stop();
  }
}

function historyYear(): void {
  const step = 10_000;
  console.log('\nHistory DB size after a simulated year (10 s polling around the clock, 1 account + total, compacted nightly)');
  const { db, file } = freshDb('history-year');
  let now = START;
  const history = createHistoryStore(db, { now: () => now });
  const hash = 'A'.repeat(64);
  let cents = 12_841_007;
  const started = performance.now();
  const day = 86_400_000;
  const first = Date.parse('2025-01-01T00:00:00-05:00');
  for (let d = 0; d < 365; d++) {
    const from = first + d * day;
    db.transaction(() => {
      for (let t = from; t < from + day; t += step) {
        cents += (t / step) % 5 === 0 ? 7 : -3;
        history.record(t, [
          { series: TOTAL_SERIES, liquidationCents: cents, dayChangeCents: 0 },
          { series: hash, liquidationCents: cents, dayChangeCents: 0 },
        ]);
      }
    })();
    now = from + day + 3_600_000;
    history.compact();
  }
  // The worst moment of the day: a full day of raw points not yet compacted.
  const peakRaw = 8640;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = fs.statSync(file).size;
  line('rows per series after a year', String(history.count(hash)), `(30 d × 96 + ~335 daily; + up to ${peakRaw} raw during a day)`);
  line('database file', fmtMb(bytes), `(${((performance.now() - started) / 1000).toFixed(1)} s to simulate)`);
  line('points returned for 1Y / 1M / 1D', `${history.range('1Y', hash).length} / ${history.range('1M', hash).length} / ${history.range('1D', hash).length}`);
  db.close();
}

async function main(): Promise<void> {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Arbion bench — node ${process.version}, ${os.cpus().length} CPU(s), load average ${load} (timings scale with load)`);
  const only = process.argv.slice(2);
  const want = (name: string): boolean => only.length === 0 || only.includes(name);
  if (want('requests')) await requestsPerRefresh();
  if (want('cost')) await refreshCost();
  if (want('heap')) await heapOverADay();
  if (want('history')) historyYear();
  if (want('bundle')) rendererBundle(line);
  if (want('render')) await rendererUpdate(line);
  if (want('stream')) await streamUnderLoad(line);
  fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exitCode = 1;
});
