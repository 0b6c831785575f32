// Lines typed or piped into stdin, for the paste fallback. Closing it releases stdin so the process can exit.
import readline from 'node:readline';

export interface LineReader {
  /** Calls onLine for each non-empty line; onEnd when stdin closes. */
  start(onLine: (line: string) => void, onEnd: () => void): void;
  close(): void;
}

export function createLineReader(input: NodeJS.ReadableStream): LineReader {
  let rl: readline.Interface | null = null;
  return {
    start(onLine, onEnd) {
      rl = readline.createInterface({ input, terminal: false });
      rl.on('line', (line) => {
        if (line.trim() !== '') onLine(line.trim());
      });
      rl.on('close', onEnd);
    },
    close() {
      const r = rl;
      rl = null;
      r?.removeAllListeners('close');
      r?.close();
      // readline leaves a piped stdin flowing; pause it so it no longer holds the event loop.
      input.pause?.();
    },
  };
}
