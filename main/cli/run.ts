// `arbion <command> [options]`: finds the command file, parses its options, runs it, and turns any
// failure into one line on stderr and a non-zero exit code.
import { parseArgs } from 'node:util';
import { isArbionError } from '../core/errors';
import { redactString } from '../core/log/redact';
import type { Logger, Opener } from '../core/ports';
import { createCliContext, type CliStreams } from './context';
import { createCliLogger } from './cliLogger';
import { checkedCliDataDir } from './cliCore';
import { CliUsageError, commandNames, loadCommand, type CliCommand, type CliOptionSpec } from './registry';
import { didYouMean } from './suggest';
import { createSystemOpener } from './systemOpener';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  streams: CliStreams;
  opener?: Opener;
  signal?: AbortSignal;
}

function oneLine(text: string): string {
  return redactString(text).replace(/\s*\n\s*/g, ' ').trim();
}

async function helpText(): Promise<string> {
  const lines = ['Usage: arbion <command> [options]', '', 'Commands:'];
  for (const name of commandNames()) {
    const cmd = await loadCommand(name).catch(() => null);
    if (cmd) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  lines.push('', 'Run `arbion <command> --help` for its options.');
  return lines.join('\n');
}

function commandHelp(cmd: CliCommand): string {
  const lines = [`Usage: ${cmd.usage}`, '', cmd.summary];
  const opts = Object.entries(cmd.options);
  if (opts.length) {
    lines.push('', 'Options:');
    for (const [name, spec] of opts) {
      const flag = `--${name}${spec.type === 'string' ? ' <value>' : ''}${spec.short ? `, -${spec.short}` : ''}`;
      lines.push(`  ${flag.padEnd(22)} ${spec.description}`);
    }
  }
  return lines.join('\n');
}

/**
 * `--limit -5` → `--limit=-5`: parseArgs refuses a value that starts with a dash as "ambiguous", so a
 * negative number would never reach the command's own check, which says what the option accepts.
 */
function attachNegativeNumbers(args: string[], options: Record<string, CliOptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...out, ...args.slice(i)];
    const spec = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    const next = args[i + 1];
    if (spec?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs' message in one line, with the closest option name for an unknown one. */
function parseErrorText(e: unknown, options: Record<string, CliOptionSpec>): string {
  const message = oneLine((e as Error).message);
  const unknown = (e as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'--?([^'=]+)'/.exec(message)?.[1] : undefined;
  if (unknown === undefined) return message;
  const names = ['help', ...Object.keys(options)];
  return `unknown option "${unknown.length === 1 ? '-' : '--'}${unknown}".${didYouMean(unknown, names, (n) => `--${n}`)}`;
}

export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  const { env, streams } = options;
  const write = (stream: NodeJS.WritableStream, text: string): void => void stream.write(`${text}\n`);
  const [name, ...rest] = argv;

  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const cmd = topic ? await loadCommand(topic) : null;
    write(streams.stdout, cmd ? commandHelp(cmd) : await helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }

  let command: CliCommand | null;
  try {
    command = await loadCommand(name);
  } catch (e) {
    write(streams.stderr, `arbion: ${oneLine((e as Error).message)}`);
    return EXIT_FAILURE;
  }
  if (!command) {
    const names = commandNames();
    write(streams.stderr, `arbion: unknown command "${name}".${didYouMean(name, names)} Commands: ${names.join(', ')}.`);
    return EXIT_USAGE;
  }

  let values: Record<string, string | boolean | undefined> = {};
  let positionals: string[] = rest;
  if (!command.passthrough) try {
    const parsed = parseArgs({
      args: attachNegativeNumbers(rest, command.options),
      options: { help: { type: 'boolean', short: 'h' }, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
  } catch (e) {
    write(streams.stderr, `arbion ${name}: ${parseErrorText(e, command.options)}`);
    write(streams.stderr, `Usage: ${command.usage}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    write(streams.stdout, commandHelp(command));
    return EXIT_OK;
  }

  // The data folder is checked before anything writes there; an unusable one fails the first command
  // that needs it with one line, and meanwhile nothing is logged to a file.
  const dataDir = checkedCliDataDir(env);
  // Logs go to the data dir's log file and, for errors, stderr (stdout stays clean for --json).
  let logger: Logger;
  try {
    logger = createCliLogger(env, dataDir.ok ? dataDir.dir : undefined).child('cli');
  } catch (e) {
    // A malformed ARBION_LOG_LEVEL is refused by name before anything runs.
    write(streams.stderr, `arbion ${name}: ${oneLine(e instanceof Error ? e.message : String(e))}${isArbionError(e) ? ` [${e.code}]` : ''}`);
    return EXIT_FAILURE;
  }
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx = createCliContext({ env, streams, logger, opener: options.opener ?? createSystemOpener(env), signal: controller.signal, dataDir });
  try {
    return await command.run(ctx, { values, positionals });
  } catch (e) {
    if (e instanceof CliUsageError) {
      write(streams.stderr, `arbion ${name}: ${oneLine(e.message)}`);
      write(streams.stderr, `Usage: ${command.usage}`);
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) {
      write(streams.stderr, `arbion ${name}: interrupted.`);
      return EXIT_INTERRUPTED;
    }
    const suffix = isArbionError(e) ? ` [${e.code}]` : '';
    write(streams.stderr, `arbion ${name}: ${oneLine(e instanceof Error ? e.message : String(e))}${suffix}`);
    if (!isArbionError(e)) logger.debug('command failed', { error: e });
    return EXIT_FAILURE;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await ctx.close().catch(() => undefined);
  }
}
