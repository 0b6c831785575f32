// The `arbion` command registry. A command is one file in ./commands whose name is the command's name
// and whose default export is defineCommand({...}). Adding `commands/accounts.ts` adds `arbion accounts`;
// nothing else needs editing. Only the command being run is imported, so each run stays quick.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliContext } from './context';

/** node:util parseArgs option specs: `--json` is { type: 'boolean' }, `--timeout 30` is { type: 'string' }. */
export interface CliOptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** One line for `arbion <command> --help`. */
  description: string;
}

export interface CliArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  /** One line for `arbion help`. */
  summary: string;
  /** e.g. "arbion login [--manual] [--no-browser] [--timeout S]". */
  usage: string;
  options: Record<string, CliOptionSpec>;
  /** Allow positional arguments (default false: an unexpected one is a usage error). */
  positionals?: boolean;
  /** Hand every argument through unparsed as positionals (for commands that wrap another CLI). */
  passthrough?: boolean;
  /** Returns the exit code. Throw a CliUsageError for bad arguments; any other error prints one line, exit 1. */
  run(ctx: CliContext, args: CliArgs): Promise<number>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;

function commandFile(name: string): string | null {
  for (const ext of ['.ts', '.js', '.mjs']) {
    const file = path.join(COMMANDS_DIR, name + ext);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** Names of every command file, sorted. */
export function commandNames(): string[] {
  const names = fs
    .readdirSync(COMMANDS_DIR)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !/\.(d|test)\.(ts|js|mjs)$/.test(f))
    .map((f) => f.replace(/\.(ts|js|mjs)$/, ''))
    .filter((n) => COMMAND_NAME.test(n));
  return [...new Set(names)].sort();
}

export async function loadCommand(name: string): Promise<CliCommand | null> {
  if (!COMMAND_NAME.test(name)) return null;
  const file = commandFile(name);
  if (!file) return null;
  const mod = (await import(pathToFileURL(file).href)) as { default?: CliCommand };
  const command = mod.default;
  if (!command || typeof command.run !== 'function') {
    throw new Error(`${path.relative(process.cwd(), file)} must default-export defineCommand({...}).`);
  }
  if (command.name !== name) throw new Error(`Command file ${name} declares the name "${command.name}".`);
  return command;
}
