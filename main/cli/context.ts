// Everything a command gets: its streams, environment, logger, opener, clock and the lazily opened core.
import type { InProcessCore } from '../core/api/coreTypes';
import type { SignInOptions } from '../core/auth/authService';
import { ArbionError } from '../core/errors';
import type { Clock, Logger, Opener } from '../core/ports';
import { cliClock } from './cliClock';
import { openCliCore, type CheckedDataDir } from './cliCore';

export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface CliContext {
  env: NodeJS.ProcessEnv;
  streams: CliStreams;
  logger: Logger;
  opener: Opener;
  clock: Clock;
  /** Aborted on Ctrl-C / SIGTERM; long-running commands stop and clean up. */
  signal: AbortSignal;
  /** A line on stdout: the command's result. In --json mode use json() only. */
  out(text: string): void;
  /** A line on stderr: instructions, progress, warnings. */
  err(text: string): void;
  /** The one JSON document of a --json run, on stdout. */
  json(value: unknown): void;
  /**
   * The core for the data dir: its handler table and in-process accessor (opened once, closed at exit).
   * `signIn` carries login's flags, so it is only accepted by the call that opens the core.
   */
  core(options?: { signIn?: SignInOptions; live?: boolean }): Promise<InProcessCore>;
}

export function createCliContext(options: {
  env: NodeJS.ProcessEnv;
  streams: CliStreams;
  logger: Logger;
  opener: Opener;
  signal: AbortSignal;
  /** The data folder as checked at start-up; an unusable one fails core(). */
  dataDir: CheckedDataDir;
}): CliContext & { close(): Promise<void> } {
  let core: Promise<InProcessCore> | null = null;
  const { streams } = options;
  return {
    env: options.env,
    streams,
    logger: options.logger,
    opener: options.opener,
    clock: cliClock,
    signal: options.signal,
    out: (text) => void streams.stdout.write(`${text}\n`),
    err: (text) => void streams.stderr.write(`${text}\n`),
    json: (value) => void streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    core: (open = {}) => {
      if (core && (open.signIn || open.live)) return Promise.reject(new ArbionError('Internal', 'The core is already open; its options come too late.'));
      const checked = options.dataDir;
      core ??= checked.ok
        ? openCliCore({ env: options.env, logger: options.logger, opener: options.opener, dataDir: checked.dir, ...open })
        : Promise.reject(checked.error);
      return core;
    },
    close: async () => {
      if (!core) return;
      const c = await core.catch(() => null);
      await c?.dispose();
    },
  };
}
