// Entry point: finds the bridge (preload or arbion-bridge.js) and mounts the window, or explains its absence.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ArbionApi } from '../../common/contract';
import { App } from './App';
import { MissingBridge } from './components/MissingBridge';
import './styles/app.css';
import './styles/compact.css';

/** Both hosts define window.arbion before this module runs; the short wait only covers a slow bridge script. */
async function findBridge(timeoutMs: number): Promise<ArbionApi | null> {
  const deadline = Date.now() + timeoutMs;
  while (!window.arbion && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return window.arbion ?? null;
}

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  void findBridge(1500).then((api) => {
    root.render(<StrictMode>{api ? <App api={api} /> : <MissingBridge />}</StrictMode>);
  });
}
