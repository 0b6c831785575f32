// Opens a URL in the user's default browser from a Node host (xdg-open / open / start), detached.
// It answers true only when a browser plausibly opened, so `arbion login` never says "your browser
// should open" on a machine that has none (a server over SSH, a container).
import { spawn } from 'node:child_process';
import type { Opener } from '../core/ports';

/** How long xdg-open may take to report a failure; a browser that is still starting counts as opened. */
const OPENER_VERDICT_MS = 1500;

function command(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // `start` treats its first quoted argument as a window title, hence the empty "".
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/** On Linux and the BSDs a browser needs a display (or a BROWSER the user chose); without one none opens. */
export function canOpenBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY?.trim() || env.WAYLAND_DISPLAY?.trim() || env.BROWSER?.trim());
}

export function createSystemOpener(env: NodeJS.ProcessEnv = process.env): Opener {
  return {
    open(url: string): Promise<boolean> {
      if (!canOpenBrowser(env)) return Promise.resolve(false);
      const [cmd, args] = command(url);
      return new Promise((resolve) => {
        try {
          const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env });
          // No such program, or it gave up (xdg-open exits non-zero when it finds no browser).
          child.once('error', () => resolve(false));
          child.once('exit', (code) => resolve(code === 0));
          child.once('spawn', () => {
            child.unref();
            setTimeout(() => resolve(true), OPENER_VERDICT_MS);
          });
        } catch {
          resolve(false);
        }
      });
    },
  };
}
