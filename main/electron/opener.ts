// The Opener port over shell.openExternal, behind the external-URL allow-list.
import type { Shell } from 'electron';
import type { Logger, Opener } from '../core/ports';
import type { ExternalUrlPolicy } from './externalUrlPolicy';

export function createShellOpener(shell: Pick<Shell, 'openExternal'>, isAllowed: ExternalUrlPolicy, logger: Logger): Opener {
  return {
    async open(url) {
      if (!isAllowed(url)) {
        // Log the origin only: an authorize URL carries state and client id in its query.
        logger.warn('Refused to open a URL outside the allow-list', { origin: safeOrigin(url) });
        return false;
      }
      try {
        await shell.openExternal(url, { activate: true });
        return true;
      } catch (e) {
        logger.warn('The system browser could not be opened', { error: e instanceof Error ? e.message : String(e) });
        return false;
      }
    },
  };
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid URL';
  }
}
