// Opens a URL in the user's default browser from a Node host (xdg-open / open / start), detached.
import { spawn } from 'node:child_process';
import type { Opener } from '../core/ports';

function command(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // `start` treats its first quoted argument as a window title, hence the empty "".
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

export const systemOpener: Opener = {
  open(url: string): Promise<boolean> {
    const [cmd, args] = command(url);
    return new Promise((resolve) => {
      try {
        const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
        child.once('error', () => resolve(false));
        child.once('spawn', () => {
          child.unref();
          resolve(true);
        });
      } catch {
        resolve(false);
      }
    });
  },
};
