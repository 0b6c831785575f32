// The stream's state in the header and in Diagnostics, driven through the in-memory bridge's streamState event.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IDLE_STREAM_STATE, type StreamStateView } from '../../common/contract';
import { renderDashboard } from './renderApp';

const streaming: StreamStateView = {
  ...IDLE_STREAM_STATE,
  state: 'streaming',
  healthy: true,
  subscribed: { equities: 14, options: 3 },
  ticksPerSecond: 7,
  lastHeartbeatAt: '2026-11-27T20:59:30.000Z',
  reconnects: 2,
};

const badgeText = (): string => screen.getByTestId('stream-badge').textContent ?? '';

describe('stream state in the window', () => {
  it('the header says Streaming, Polling, or Reconnecting in N s as the state changes', async () => {
    const { mem } = await renderDashboard({ stream: streaming });
    await waitFor(() => expect(badgeText()).toBe('Streaming'));
    expect(screen.getByTestId('stream-badge').className).toContain('tone-good');

    mem.pushStreamState({ ...streaming, state: 'reconnecting', healthy: false, attempt: 3, nextAttemptAt: new Date(Date.now() + 8_000).toISOString() });
    await waitFor(() => expect(badgeText()).toBe('Reconnecting in 8 s'));

    mem.pushStreamState({ ...streaming, state: 'idle', healthy: false });
    await waitFor(() => expect(badgeText()).toBe('Polling'));
    // Streaming but heartbeats have stopped: the refresh polls again, and the header says so.
    mem.pushStreamState({ ...streaming, healthy: false });
    await waitFor(() => expect(badgeText()).toBe('Polling'));
  });

  it('on code 12 says another app is using the stream and Take it back calls takeBackStream', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard({ stream: { ...streaming, state: 'taken-over', healthy: false } });
    await waitFor(() => expect(badgeText()).toContain('Another app is using your Schwab stream'));
    expect(screen.getByTestId('stream-badge').className).toContain('tone-warn');
    await user.click(screen.getByRole('button', { name: 'Take it back' }));
    expect(mem.callsTo('takeBackStream')).toHaveLength(1);
    await waitFor(() => expect(badgeText()).toBe('Connecting stream'));
    expect(screen.queryByRole('button', { name: 'Take it back' })).toBeNull();
  });

  it('Diagnostics shows the stream section and follows its updates', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard({ stream: streaming });
    await user.click(screen.getByRole('button', { name: 'Diagnostics' }));
    const dialog = screen.getByRole('dialog', { name: 'Diagnostics' });
    const section = await within(dialog).findByTestId('diag-stream');
    expect(section.textContent).toContain('streaming');
    expect(section.textContent).toContain('14 equities · 3 options');
    expect(section.textContent).toMatch(/Ticks\/s7/);
    expect(section.textContent).toMatch(/Reconnects2/);
    expect(section.textContent).not.toContain('—Last tick'); // a heartbeat time is shown
    mem.pushStreamState({ ...streaming, state: 'taken-over', healthy: false, reconnects: 3 });
    await waitFor(() => expect(within(dialog).getByTestId('diag-stream').textContent).toContain('taken-over · Another app is using your Schwab stream'));
    expect(within(dialog).getByTestId('diag-stream').textContent).toMatch(/Reconnects3/);
  });
});
