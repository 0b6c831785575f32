// One logger for the main side. Levels from ARBION_LOG_LEVEL; lines go to stderr (so `--json` stdout
// stays clean) and to a size-rotated file in the data dir. Every line passes through redact.ts.
import fs from 'node:fs';
import path from 'node:path';
import { ArbionError } from '../errors';
import type { Logger, LogLevel } from '../ports';
import { makeDirectory } from '../store/dataDir';
import { redactString, redactValue } from './redact';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Folder for arbion.log (rotated to arbion.1.log …). No file when omitted. */
  dir?: string;
  /** Echo lines to stderr. */
  console?: boolean;
  maxBytes?: number;
  maxFiles?: number;
  /** Receives each redacted line (tests). */
  sink?: (line: string) => void;
}

const isLevel = (v: string): v is LogLevel => Object.hasOwn(LEVELS, v);

/** ARBION_LOG_LEVEL (any case), `info` when unset; any other value is refused by name, never ignored. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.ARBION_LOG_LEVEL ?? '').trim();
  if (raw === '') return 'info';
  const v = raw.toLowerCase();
  if (isLevel(v)) return v;
  throw new ArbionError('ConfigInvalid', `ARBION_LOG_LEVEL must be debug, info, warn or error; got "${raw}".`);
}

class RotatingFile {
  private size = 0;
  private usable = true;
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {
    // An unusable folder is reported by the host's data-folder check in words; the logger only stays quiet.
    try {
      makeDirectory(path.dirname(file));
      this.size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    } catch {
      this.usable = false;
    }
  }

  write(line: string): void {
    if (!this.usable) return;
    const bytes = Buffer.byteLength(line) + 1;
    if (this.size + bytes > this.maxBytes) this.rotate();
    try {
      fs.appendFileSync(this.file, line + '\n', { mode: 0o600 });
      this.size += bytes;
    } catch {
      // A full disk or a removed folder must not take the app down with it.
    }
  }

  private rotate(): void {
    const base = this.file.replace(/\.log$/, '');
    try {
      for (let i = this.maxFiles - 1; i >= 1; i--) {
        const from = i === 1 ? this.file : `${base}.${i - 1}.log`;
        if (fs.existsSync(from)) fs.renameSync(from, `${base}.${i}.log`);
      }
    } catch {
      // Keep logging into the current file if rotation fails.
    }
    this.size = 0;
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? levelFromEnv()];
  const file = options.dir
    ? new RotatingFile(path.join(options.dir, 'arbion.log'), options.maxBytes ?? 5_000_000, options.maxFiles ?? 3)
    : null;
  const toConsole = options.console ?? true;

  const make = (scope: string): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
      if (LEVELS[level] < threshold) return;
      const redactedFields = fields ? (redactValue(fields) as Record<string, unknown>) : undefined;
      const line = JSON.stringify({
        t: new Date().toISOString(),
        level,
        scope,
        msg: redactString(msg),
        ...(redactedFields ?? {}),
      });
      options.sink?.(line);
      file?.write(line);
      if (toConsole) process.stderr.write(`${line}\n`);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
    };
  };
  return make('');
}

/** A logger that drops everything (tests that don't look at logs). */
export const silentLogger: Logger = createLogger({ level: 'error', console: false });
