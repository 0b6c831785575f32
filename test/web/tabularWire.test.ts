// The browser host's tabular wire form, end to end: the real host serializes, a real socket carries, the
// real bridge script restores. Whatever goes in arrives as plain JSON would have delivered it — a 2,500-position
// snapshot, every Schwab fixture, and awkward shapes (undefined, nested tables, a "__proto__" key, the marker
// key itself) — and the snapshot's message is a fraction of the plain one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, INVOKE_METHODS, type ArbionApi, type ArbionHandlers, type PortfolioSnapshot } from '../../common/contract';
import type { ArbionCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { wireMessage } from '../../main/web/tabularJson';
import { startWebHost, type WebHost } from '../../main/web/webHost';
import { buildLargeSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { loadBridge } from '../support/bridgePage';
import { next } from '../support/nextValue';

const large = buildLargeSnapshot(2_500, { seed: 9 });
const snapshotListeners = new Set<(s: PortfolioSnapshot) => void>();
let host: WebHost;
let api: ArbionApi;
let rendererDir: string;

function core(): ArbionCore {
  const handlers = Object.fromEntries(
    INVOKE_METHODS.map((m) => [m, async () => (m === 'getSnapshot' ? large : m === 'getSettings' ? DEFAULT_SETTINGS : null)]),
  ) as unknown as ArbionHandlers;
  return {
    handlers,
    events: {
      on: (event, cb) => {
        if (event !== 'snapshot') return () => undefined;
        const listener = cb as (s: PortfolioSnapshot) => void;
        snapshotListeners.add(listener);
        return () => snapshotListeners.delete(listener);
      },
    },
    dispose: async () => {},
  };
}

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-tabular-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ core: core(), logger: silentLogger, rendererDir });
  api = loadBridge(await (await fetch(`${host.origin}/arbion-bridge.js`)).text(), host);
  // The first call opens the socket; events sent before it would have no window to reach.
  await api.getSettings();
});

afterAll(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** Sends `payload` as a snapshot event and returns what the bridge hands the window. */
async function throughTheHost(payload: unknown): Promise<unknown> {
  const received = next<unknown>((cb) => api.onSnapshot(cb), () => true);
  for (const send of snapshotListeners) send(payload as PortfolioSnapshot);
  return received;
}

const asPlainJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('tabular wire form', () => {
  it('a 2,500-position snapshot arrives as sent, in about a third of the plain message', async () => {
    expect(await throughTheHost(large)).toEqual(asPlainJson(large));
    const plain = JSON.stringify({ type: 'event', event: 'snapshot', payload: large });
    const tabular = wireMessage({ type: 'event', event: 'snapshot' }, 'payload', large);
    expect(tabular.startsWith('{"type":"event","event":"snapshot","enc":"tabular"')).toBe(true);
    expect(tabular.length).toBeLessThan(plain.length * 0.5);
  });

  it('a method result is restored too (the window loads its first snapshot this way)', async () => {
    expect(await api.getSnapshot()).toEqual(asPlainJson(large));
  });

  it('every Schwab fixture arrives as plain JSON would deliver it', async () => {
    const dir = path.join(import.meta.dirname, '../fixtures/schwab');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const payload: unknown = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect(await throughTheHost(payload), f).toEqual(payload);
    }
  });

  it('awkward shapes: undefined values, mixed and nested tables, a __proto__ key, the marker key itself', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      id: i,
      note: i % 3 === 0 ? undefined : `row ${i}`,
      ...(i % 2 === 0 ? { extra: null } : {}),
      legs: Array.from({ length: 9 }, (_, j) => ({ leg: j, price: j / 3 })),
    }));
    const protoKey = JSON.parse('{"__proto__": {"polluted": true}, "plain": 1}') as Record<string, unknown>;
    const shapes = { rows, protoRows: Array.from({ length: 8 }, () => protoKey), mixed: [1, 'two', { three: 3 }, null] };
    const got = (await throughTheHost(shapes)) as typeof shapes;
    expect(got).toEqual(asPlainJson(shapes));
    // An own key, not the row's prototype.
    expect(Object.keys(got.protoRows[0]!)).toEqual(['__proto__', 'plain']);
    expect((got.protoRows[0] as Record<string, unknown>).polluted).toBeUndefined();

    // A payload that uses the marker key goes out plain, so nothing of it is misread.
    const marked = { items: Array.from({ length: 10 }, (_, i) => ({ '~t': i, r: [i] })) };
    expect(wireMessage({ type: 'event', event: 'snapshot' }, 'payload', marked)).not.toContain('"enc"');
    expect(await throughTheHost(marked)).toEqual(marked);
  });
});
