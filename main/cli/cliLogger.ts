// The CLI's logger: warnings and errors go to the data dir's log file; the terminal gets only errors,
// because each command already reports problems in its own words (one line, or a "Note:" for cached data)
// and a JSON log line on stderr would say the same thing twice. ARBION_LOG_LEVEL sets both.
import { createLogger, levelFromEnv } from '../core/log/logger';
import type { Logger } from '../core/ports';

function tee(a: Logger, b: Logger | null): Logger {
  if (!b) return a;
  return {
    debug: (m, f) => (a.debug(m, f), b.debug(m, f)),
    info: (m, f) => (a.info(m, f), b.info(m, f)),
    warn: (m, f) => (a.warn(m, f), b.warn(m, f)),
    error: (m, f) => (a.error(m, f), b.error(m, f)),
    child: (s) => tee(a.child(s), b.child(s)),
  };
}

export function createCliLogger(env: NodeJS.ProcessEnv, logDir: string | undefined): Logger {
  const explicit = env.ARBION_LOG_LEVEL ? levelFromEnv(env) : null;
  const terminal = createLogger({ level: explicit ?? 'error', console: true });
  const file = logDir ? createLogger({ level: explicit ?? 'warn', console: false, dir: logDir }) : null;
  return tee(terminal, file);
}
