// What a host (Electron, CLI, browser host) gets from the composition root.
import type { ArbionHandlers, EventName, EventPayloads } from '../../../common/contract';
import type { Cipher, Clock, DemoBackendFactory, Logger, Notifier, Opener, SettingsStore } from '../ports';

export interface CoreEvents {
  on<E extends EventName>(event: E, cb: (payload: EventPayloads[E]) => void): () => void;
}

export interface ArbionCore {
  /** The one handler table every binding (ipcMain, WebSocket, CLI) calls. Arguments are validated inside. */
  handlers: ArbionHandlers;
  events: CoreEvents;
  dispose(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cipher: Cipher;
  settings: SettingsStore;
  opener: Opener;
  notifier?: Notifier;
  clock?: Clock;
  logger: Logger;
  /** Starts the embedded Schwab sandbox for demo mode. */
  demoBackend?: DemoBackendFactory;
  /** Start polling right away (hosts: true; the CLI's one-shot commands: false). */
  autoStart?: boolean;
}
