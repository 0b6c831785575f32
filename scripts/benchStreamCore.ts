// The core and browser host for `npm run bench -- stream`, in a process of their own, as in the app: the bench's
// driver (Playwright and its DevTools traffic with Chromium) would otherwise share their thread and their
// CPU figure. Driven over IPC: `start` builds the core on the bench sandbox and serves the window;
// `cpuStart`/`cpuStop` bracket a measured stretch (process.cpuUsage, and a .cpuprofile under BENCH_CPU_PROF
// when the stretch asks for one).
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/core/api/createCore';
import { silentLogger } from '../main/core/log/logger';
import { createMemorySettingsStore } from '../main/core/settings/confSettingsStore';
import { createFileKeyCipher } from '../main/core/store/fileKeyCipher';
import { startWebHost } from '../main/web/webHost';
import { DEFAULT_SETTINGS, type ActivityView } from '../common/contract';
import type { ArbionCore } from '../main/core/api/coreTypes';
import type { StreamSandboxReply } from './benchStreamSandbox';

export type StreamCoreRequest =
  | { type: 'start'; sandbox: Extract<StreamSandboxReply, { type: 'ready' }> }
  | { type: 'activitySynced' }
  | { type: 'cpuStart'; profile: boolean }
  | { type: 'cpuStop' };
export type StreamCoreReply =
  | { type: 'ready'; url: string }
  | { type: 'activitySynced' }
  | { type: 'cpuStarted' }
  | { type: 'cpu'; userMs: number; systemMs: number; wallMs: number; ticksPerSecond: number; profile: string | null };

const send = (m: StreamCoreReply): void => void process.send!(m);

/** Resolves once the activity service has finished a sync (the first one is the backfill). */
function activitySynced(core: ArbionCore): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (v: ActivityView): boolean => v.sync.phase === 'idle' && v.sync.lastSyncAt !== null;
    const off = core.events.on('activity', (v) => {
      if (!done(v)) return;
      off();
      resolve();
    });
    core.handlers.getActivity().then((v) => {
      if (!done(v)) return;
      off();
      resolve();
    }, reject);
  });
}

/** `BENCH_CPU_PROF=<dir>`: a .cpuprofile of this process over the measured stretch; resolves to its file. */
async function startCpuProfile(): Promise<(() => Promise<string>) | null> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `stream-core-${process.pid}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    return file;
  };
}

let core: ArbionCore | null = null;
let closeAll = async (): Promise<void> => undefined;
let measuring: { cpu: NodeJS.CpuUsage; at: number; stopProfile: (() => Promise<string>) | null } | null = null;

async function start(sandbox: Extract<StreamSandboxReply, { type: 'ready' }>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-bench-stream-'));
  const started = await createCore({
    dataDir,
    env: { SCHWAB_REDIRECT_URI: sandbox.redirectUri },
    cipher: createFileKeyCipher(dataDir),
    // The app's defaults: 10 s polling, a reconcile every 60 s while the stream is healthy.
    settings: createMemorySettingsStore({ ...DEFAULT_SETTINGS, offHours: 'same' }),
    opener: { open: async () => false },
    logger: silentLogger,
    demoBackend: async () => ({ ...sandbox, close: async () => undefined }),
  });
  core = started;
  const host = await startWebHost({ core: started, logger: silentLogger });
  closeAll = async () => {
    await host.close();
    await started.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  send({ type: 'ready', url: host.url });
}

async function handle(m: StreamCoreRequest): Promise<void> {
  switch (m.type) {
    case 'start':
      return start(m.sandbox);
    case 'activitySynced':
      await activitySynced(core!);
      return send({ type: 'activitySynced' });
    case 'cpuStart': {
      const stopProfile = m.profile ? await startCpuProfile() : null;
      measuring = { cpu: process.cpuUsage(), at: performance.now(), stopProfile };
      return send({ type: 'cpuStarted' });
    }
    case 'cpuStop': {
      const { cpu, at, stopProfile } = measuring!;
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - at;
      const profile = stopProfile ? await stopProfile() : null;
      const { ticksPerSecond } = await core!.handlers.getStreamState();
      return send({ type: 'cpu', userMs: used.user / 1000, systemMs: used.system / 1000, wallMs, ticksPerSecond, profile });
    }
  }
}

process.on('message', (m: StreamCoreRequest) => {
  handle(m).catch((e: unknown) => {
    console.error('bench core:', e);
    process.exit(1);
  });
});
process.on('disconnect', () => void closeAll().then(() => process.exit(0)));
