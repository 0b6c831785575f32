// Alerts on symbols the portfolio does not hold, in a real core against the sandbox over loopback HTTP and
// its Streamer, on one FakeClock: the rule's symbol is subscribed beside the held ones, its ticks (or, with
// the stream down, the REST refresh's one quotes request) price it, the alert fires once per crossing with
// hysteresis, and the portfolio's own figures never see it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type PortfolioPatch, type PortfolioSnapshot, type Settings, type StreamStateView } from '../../../common/contract';
import { createCore } from '../../../main/core/api/createCore';
import type { InProcessCore } from '../../../main/core/api/coreTypes';
import { silentLogger } from '../../../main/core/log/logger';
import { createMemorySettingsStore } from '../../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { EQUITIES } from '../../../main/sandbox/instruments';
import { FakeClock, settle } from '../../support/fakeClock';
import { freePort } from '../../support/freePort';
import { expectSnapshotReconciles } from '../../support/reconcile';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const QUOTES_ROUTE = 'GET /marketdata/v1/quotes';
/** Alerts look at ticks at most once a second: past this, the last tick has been looked at. */
const ALERT_LOOK_MS = 1_001;

interface World {
  core: InProcessCore;
  sandbox: Sandbox;
  clock: FakeClock;
  notified: string[];
  states: StreamStateView[];
  patches: PortfolioPatch[];
  until(done: () => boolean, maxJumpMs?: number): Promise<void>;
}

async function streamingCore(settings: Partial<Settings> = {}): Promise<World> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-unheld-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  const clock = new FakeClock();
  const notified: string[] = [];
  let sandbox: Sandbox | null = null;
  const core = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: redirectUri },
    cipher: createFileKeyCipher(dataDir),
    settings: createMemorySettingsStore({ ...DEFAULT_SETTINGS, ...settings }),
    opener: { open: async () => false },
    notifier: { notify: (title) => void notified.push(title) },
    logger: silentLogger,
    clock,
    demoBackend: async (o) => {
      sandbox = await startSandbox({ clock, autoApprove: true, seed: 7, redirectUris: [o?.redirectUri ?? redirectUri] });
      return { baseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret, redirectUri: o?.redirectUri ?? redirectUri, close: () => sandbox!.close() };
    },
  });
  cleanups.push(() => core.dispose());
  if (!sandbox) throw new Error('sandbox not started');
  const states: StreamStateView[] = [];
  const patches: PortfolioPatch[] = [];
  core.events.on('streamState', (s) => states.push(s));
  core.events.on('portfolioPatch', (p) => patches.push(p));
  const w: World = { core, sandbox, clock, notified, states, patches, until: (done, maxJumpMs = 1_000) => settle(clock, done, { maxJumpMs, realTimeoutMs: 20_000 }) };
  const held = heldStreamable(sandbox);
  await w.until(() => w.states.at(-1)?.state === 'streaming' && w.states.at(-1)?.healthy === true && sameSymbols(subscribed(w.sandbox), held));
  return w;
}

function subscribed(sandbox: Sandbox): { equities: string[]; options: string[] } {
  const conns = sandbox.streamerConnections();
  if (conns.length !== 1) return { equities: [], options: [] };
  return { equities: [...conns[0]!.LEVELONE_EQUITIES].sort(), options: [...conns[0]!.LEVELONE_OPTIONS].sort() };
}

const STREAMABLE = new Set(['EQUITY', 'COLLECTIVE_INVESTMENT', 'OPTION']);

function heldStreamable(sandbox: Sandbox): { equities: string[]; options: string[] } {
  const symbols = new Set<string>();
  for (const a of sandbox.truth().accounts) for (const p of a.positions) if (STREAMABLE.has(p.assetType)) symbols.add(p.symbol);
  const all = [...symbols].sort();
  return { equities: all.filter((s) => s.length !== 21), options: all.filter((s) => s.length === 21) };
}

const sameSymbols = (a: { equities: string[]; options: string[] }, b: { equities: string[]; options: string[] }): boolean =>
  a.equities.join() === b.equities.join() && a.options.join() === b.options.join();

/** A listed stock no demo account holds, with its price now. */
function unheldStock(sandbox: Sandbox): { symbol: string; cents: number } {
  const held = new Set(sandbox.heldSymbols());
  const symbol = EQUITIES.map((e) => e.symbol).find((s) => !held.has(s) && sandbox.truth().prices[s] !== undefined);
  if (!symbol) throw new Error('the sandbox holds every listed stock');
  return { symbol, cents: sandbox.truth().prices[symbol]!.lastCents };
}

const fired = async (w: World): Promise<number> => (await w.core.handlers.getAlertFeed()).recent.length;

/**
 * Walks `symbol` across an above-`levelCents` rule: over, just under (inside the band), over again, under by
 * twice the band (re-armed), over once more. `deliver` brings each price to the core; returns the fired
 * count after each step.
 */
async function walkAcross(w: World, symbol: string, levelCents: number, deliver: (cents: number) => Promise<void>): Promise<number[]> {
  const band = Math.round(levelCents * 0.0025);
  const counts: number[] = [];
  for (const cents of [levelCents + 100, levelCents - 1, levelCents + 100, levelCents - 2 * band, levelCents + 200]) {
    w.sandbox.setPrice(symbol, cents);
    await deliver(cents);
    expect(w.core.inProcess.watchQuote(symbol)?.lastCents).toBe(cents);
    counts.push(await fired(w));
  }
  return counts;
}

const totalsOf = (s: PortfolioSnapshot | null): PortfolioSnapshot['totals'] | undefined => s?.totals;

describe('alerts on symbols not held', () => {
  it('subscribe the symbol, fire from its ticks once per crossing, and unsubscribe it when removed; the portfolio never sees it', async () => {
    const w = await streamingCore();
    const held = subscribed(w.sandbox);
    const before = (await w.core.handlers.refreshNow())!;
    const stock = unheldStock(w.sandbox);
    const levelCents = stock.cents + 500;
    const rule = await w.core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: levelCents / 100 });

    await w.until(() => subscribed(w.sandbox).equities.includes(stock.symbol), 16);
    expect(subscribed(w.sandbox)).toEqual({ equities: [...held.equities, stock.symbol].sort(), options: held.options });
    expect(w.sandbox.streamerLogins()).toBe(1);

    const quotesBefore = w.sandbox.counters()[QUOTES_ROUTE] ?? 0;
    const counts = await walkAcross(w, stock.symbol, levelCents, async (cents) => {
      await w.until(() => w.core.inProcess.watchQuote(stock.symbol)?.lastCents === cents, 16);
      w.clock.advance(ALERT_LOOK_MS);
    });
    expect(counts).toEqual([1, 1, 1, 1, 2]);
    // The prices came by the stream alone; the second hit is logged, not notified (5-minute limit).
    expect(w.sandbox.counters()[QUOTES_ROUTE] ?? 0).toBe(quotesBefore);
    expect(w.notified).toEqual([`${stock.symbol} above $${(levelCents / 100).toFixed(2)}`]);

    // The model took no tick of it: no patch, no position, the same totals.
    expect(w.patches.flatMap((p) => p.positions.map((x) => x.symbol))).not.toContain(stock.symbol);
    const after = (await w.core.handlers.getSnapshot())!;
    expect(after.accounts.flatMap((a) => a.positions.map((p) => p.symbol))).not.toContain(stock.symbol);
    expect(totalsOf(after)).toEqual(totalsOf(before));
    expectSnapshotReconciles(after);

    await w.core.handlers.removeAlert(rule.id);
    await w.until(() => !subscribed(w.sandbox).equities.includes(stock.symbol), 16);
    expect(subscribed(w.sandbox)).toEqual(held);
    expect(w.core.inProcess.watchQuote(stock.symbol)).toBeNull();
  });

  it('with the stream down, the REST refresh prices the symbol in its one quotes request and the alert still fires', async () => {
    // A long polling interval: no poll of its own lands between the refreshes counted here.
    const w = await streamingCore({ refreshIntervalSec: 300 });
    w.sandbox.faults.stream.sendCode(12);
    await w.until(() => w.states.at(-1)?.state === 'taken-over', 100);
    const before = (await w.core.handlers.refreshNow())!;
    const stock = unheldStock(w.sandbox);
    const levelCents = stock.cents + 500;
    w.sandbox.resetCounters();
    await w.core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: levelCents / 100 });
    // The rule's symbol was checked with one quotes request.
    expect(w.sandbox.counters()[QUOTES_ROUTE]).toBe(1);

    const counts = await walkAcross(w, stock.symbol, levelCents, async () => {
      const quotesBefore = w.sandbox.counters()[QUOTES_ROUTE] ?? 0;
      const snapshot = (await w.core.handlers.refreshNow())!;
      // One quotes request per refresh: the held symbols' request carried the alert's symbol too.
      expect(w.sandbox.counters()[QUOTES_ROUTE]).toBe(quotesBefore + 1);
      w.clock.advance(ALERT_LOOK_MS);
      expect(snapshot.accounts.flatMap((a) => a.positions.map((p) => p.symbol))).not.toContain(stock.symbol);
      expect(totalsOf(snapshot)).toEqual(totalsOf(before));
    });
    expect(counts).toEqual([1, 1, 1, 1, 2]);
    // Nothing streamed meanwhile: the prices came by REST alone.
    expect(w.sandbox.streamerConnections()).toEqual([]);
    expect(w.notified).toHaveLength(1);
  });

  it('an option not held streams on LEVELONE_OPTIONS; turning its rule off unsubscribes it and on again subscribes it', async () => {
    const w = await streamingCore();
    const option = subscribed(w.sandbox).options[0]!;
    w.sandbox.setAsideHolding(option);
    await w.core.handlers.refreshNow();
    await w.until(() => !subscribed(w.sandbox).options.includes(option), 16);

    const rule = await w.core.handlers.addAlert({ kind: 'day-move', symbol: option, percent: 50 });
    await w.until(() => subscribed(w.sandbox).options.includes(option), 16);
    expect(subscribed(w.sandbox).equities).not.toContain(option);
    await w.core.handlers.setAlertEnabled(rule.id, false);
    await w.until(() => !subscribed(w.sandbox).options.includes(option), 16);
    await w.core.handlers.setAlertEnabled(rule.id, true);
    await w.until(() => subscribed(w.sandbox).options.includes(option), 16);
  });
});
