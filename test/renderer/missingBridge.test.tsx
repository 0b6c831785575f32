// Without window.arbion the window explains how to open Arbion instead of failing blank.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MissingBridge } from '../../renderer/src/components/MissingBridge';
import { App } from '../../renderer/src/App';
import { createMemoryApi } from '../../renderer/src/testing/memoryApi';

afterEach(cleanup);

describe('missing or failing bridge', () => {
  it('explains where the window must be opened from', () => {
    render(<MissingBridge />);
    expect(screen.getByRole('alert').textContent).toMatch(/npm run web/);
    expect(screen.getByRole('heading').textContent).toBe('Arbion cannot reach its engine');
  });

  it('offers a retry when the first load fails, and recovers', async () => {
    const mem = createMemoryApi();
    mem.failNext('getAuthState', 'bridge not connected');
    render(<App api={mem.api} />);
    expect((await screen.findByRole('alert')).textContent).toContain('bridge not connected');
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(await screen.findByRole('tablist', { name: 'Accounts' })).toBeTruthy();
  });

  it('unsubscribes from every event when unmounted', async () => {
    const mem = createMemoryApi();
    const { unmount } = render(<App api={mem.api} />);
    await screen.findByRole('tablist', { name: 'Accounts' });
    expect(mem.listenerCount('snapshot')).toBe(1);
    unmount();
    expect(mem.listenerCount('snapshot')).toBe(0);
    expect(mem.listenerCount('authState')).toBe(0);
    expect(mem.listenerCount('settings')).toBe(0);
  });
});
