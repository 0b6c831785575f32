// Entry point of the `arbion` CLI (`npm run cli -- …`, `bin/arbion.js`). Each run is a fresh process:
// everything it reports comes from the data dir, never from memory of an earlier run.
import { runCli } from './run';

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First Ctrl-C asks the command to stop and clean up; a second one leaves at once.
    if (++interrupts > 1) process.exit(130);
    controller.abort();
  });
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  streams: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  signal: controller.signal,
});
// Flush stdout before leaving (pipes may be asynchronous), then exit even if a socket lingers.
process.stdout.write('', () => process.exit(code));
