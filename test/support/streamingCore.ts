// A real core streaming from the sandbox: createCore with a demo backend (the real sandbox over loopback HTTP
// and its Streamer's WebSocket), one FakeClock for both, the stream states and notifications it sent, and
// what the Streamer has subscribed. Streamed prices go to the portfolio model, or to a counting sink.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS, type Settings, type StreamStateView } from '../../common/contract';
import { createCore } from '../../main/core/api/createCore';
import type { InProcessCore } from '../../main/core/api/coreTypes';
import { silentLogger } from '../../main/core/log/logger';
import { createMemorySettingsStore } from '../../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { createCountingSink, type CountingSink } from '../../main/core/stream/streamFeed';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { FakeClock, settle } from './fakeClock';
import { sandboxDemoBackend } from './sandboxDemoBackend';
import { freePort } from './freePort';

export const STREAMABLE = new Set(['EQUITY', 'COLLECTIVE_INVESTMENT', 'OPTION']);

export interface StreamingWorld {
  core: InProcessCore;
  sandbox: Sandbox;
  clock: FakeClock;
  sink: CountingSink;
  states: StreamStateView[];
  /** Titles of the OS notifications sent. */
  notified: string[];
  until(done: () => boolean, maxJumpMs?: number): Promise<void>;
}

export interface StreamedSymbols {
  equities: string[];
  options: string[];
}

/** `cleanup` takes what the test's afterEach must undo (the core, its data folder), in order. */
export async function streamingCore(
  cleanup: (undo: () => Promise<void> | void) => void,
  settings: Partial<Settings> = {},
  into: 'counting-sink' | 'model' = 'counting-sink',
): Promise<StreamingWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-stream-'));
  cleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const redirectUri = `https://127.0.0.1:${await freePort()}`;
  const clock = new FakeClock();
  const sink = createCountingSink();
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
    ...(into === 'counting-sink' ? { pricePatchSink: sink } : {}),
    demoBackend: async (o) => {
      const uri = o?.redirectUri ?? redirectUri;
      sandbox = await startSandbox({ clock, autoApprove: true, seed: 7, redirectUris: [uri] });
      return sandboxDemoBackend(sandbox, uri);
    },
  });
  cleanup(() => core.dispose());
  const states: StreamStateView[] = [];
  core.events.on('streamState', (s) => states.push(s));
  if (!sandbox) throw new Error('sandbox not started');
  return { core, sandbox, clock, sink, states, notified, until: (done, maxJumpMs = 1_000) => settle(clock, done, { maxJumpMs, realTimeoutMs: 20_000 }) };
}

/** The streamable symbols the sandbox's accounts hold, per service. */
export function heldStreamable(sandbox: Sandbox): StreamedSymbols {
  const symbols = new Set<string>();
  for (const a of sandbox.truth().accounts) for (const p of a.positions) if (STREAMABLE.has(p.assetType)) symbols.add(p.symbol);
  const all = [...symbols].sort();
  return { equities: all.filter((s) => s.length !== 21), options: all.filter((s) => s.length === 21) };
}

/** What the one Streamer connection has subscribed, or undefined while there is not exactly one. */
export function subscribed(sandbox: Sandbox): StreamedSymbols | undefined {
  const conns = sandbox.streamerConnections();
  if (conns.length !== 1) return undefined;
  return { equities: [...conns[0]!.LEVELONE_EQUITIES].sort(), options: [...conns[0]!.LEVELONE_OPTIONS].sort() };
}

export const streaming = (w: StreamingWorld): boolean => w.states.at(-1)?.state === 'streaming' && w.states.at(-1)?.healthy === true;
