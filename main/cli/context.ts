// Everything a command gets: its streams, environment, logger, opener and the lazily opened services.
import type { Logger, Opener } from '../core/ports';
import { openCliServices, type CheckedDataDir, type CliServices } from './services';

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
  /** Aborted on Ctrl-C / SIGTERM; long-running commands stop and clean up. */
  signal: AbortSignal;
  /** A line on stdout: the command's result. In --json mode use json() only. */
  out(text: string): void;
  /** A line on stderr: instructions, progress, warnings. */
  err(text: string): void;
  /** The one JSON document of a --json run, on stdout. */
  json(value: unknown): void;
  dataDir(): string;
  /** Database, cipher, vault, audit log and auth service for the data dir (opened once, closed at exit). */
  services(): Promise<CliServices>;
}

export function createCliContext(options: {
  env: NodeJS.ProcessEnv;
  streams: CliStreams;
  logger: Logger;
  opener: Opener;
  signal: AbortSignal;
  /** The data folder as checked at start-up; an unusable one fails dataDir() and services(). */
  dataDir: CheckedDataDir;
}): CliContext & { close(): Promise<void> } {
  let services: Promise<CliServices> | null = null;
  const { streams } = options;
  return {
    env: options.env,
    streams,
    logger: options.logger,
    opener: options.opener,
    signal: options.signal,
    out: (text) => void streams.stdout.write(`${text}\n`),
    err: (text) => void streams.stderr.write(`${text}\n`),
    json: (value) => void streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    dataDir: () => {
      if (!options.dataDir.ok) throw options.dataDir.error;
      return options.dataDir.dir;
    },
    services: () => {
      const checked = options.dataDir;
      services ??= checked.ok
        ? openCliServices({ env: options.env, logger: options.logger, opener: options.opener, dataDir: checked.dir })
        : Promise.reject(checked.error);
      return services;
    },
    close: async () => {
      if (!services) return;
      const s = await services.catch(() => null);
      await s?.close();
    },
  };
}
