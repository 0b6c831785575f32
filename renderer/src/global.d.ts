// window.arbion is defined by the Electron preload or by the browser host's arbion-bridge.js. It may be absent
// (the bridge failed to load), which the renderer reports instead of crashing.
import type { ArbionApi } from '../../common/contract';

declare global {
  interface Window {
    arbion?: ArbionApi;
  }
}

export {};
