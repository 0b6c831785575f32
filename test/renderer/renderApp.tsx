// Renders the whole window against the in-memory ArbionApi, the way the hosts mount it.
import { afterEach } from 'vitest';
import { cleanup, render, screen, type RenderResult } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { createMemoryApi, type MemoryApi, type MemoryApiOptions } from '../../renderer/src/testing/memoryApi';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

export interface RenderedApp extends RenderResult {
  mem: MemoryApi;
}

export function renderApp(options: MemoryApiOptions = {}): RenderedApp {
  const mem = createMemoryApi(options);
  const result = render(<App api={mem.api} />);
  return { ...result, mem };
}

/** Waits until the dashboard (or the sign-in screen) has its data. */
export async function renderDashboard(options: MemoryApiOptions = {}): Promise<RenderedApp> {
  const r = renderApp(options);
  await screen.findByRole('tablist', { name: 'Accounts' });
  return r;
}

/** Every text node of the document, as a screen would show it. */
export function pageText(): string {
  return document.body.textContent ?? '';
}
