// arbion sandbox [sandbox options]: the local Schwab stand-in (also `npm run sandbox -- …`), run as a
// child process so its options, banner and Ctrl-C handling are exactly the sandbox's own.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand } from '../registry';

const SANDBOX_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sandbox/cli.ts');

export default defineCommand({
  name: 'sandbox',
  summary: 'Start the local Schwab sandbox to try Arbion without a Schwab account (--help for its options)',
  usage: 'arbion sandbox [--port N] [--auto-approve] [--faults SPEC] … (see arbion sandbox --help)',
  options: {},
  passthrough: true,
  async run(ctx, { positionals }) {
    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const child = spawn(process.execPath, [tsxCli, SANDBOX_CLI, ...positionals], {
      stdio: 'inherit',
      // The sandbox's usage line and banner then name `arbion sandbox` / `arbion login`.
      env: { ...ctx.env, ARBION_SANDBOX_COMMAND: 'arbion sandbox' },
    });
    // Ctrl-C reaches the child through the terminal's process group; SIGTERM to us is passed on.
    const onAbort = (): void => void child.kill('SIGTERM');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
      });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
});
