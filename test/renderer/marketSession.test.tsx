// The header's market session badge, the footer's pace in force, and the demo's freshness badge, with the
// window's clock pinned (only Date is faked, so React and user events run normally).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { FreshnessBadge } from '../../renderer/src/components/FreshnessBadge';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { buildAuthState } from '../support/authState';
import { DEFAULT_SETTINGS, IDLE_STREAM_STATE } from '../../common/contract';
import { renderDashboard } from './renderApp';

function at(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}
afterEach(() => {
  vi.useRealTimers();
});

const session = (): HTMLElement => screen.getByTestId('market-session');
const pace = (): string => screen.getByTestId('refresh-pace').textContent!;

describe('market session badge', () => {
  it.each([
    ['2025-01-15T13:00:00Z', 'pre-market', 'Pre-market', 'opens 9:30 AM ET'],
    ['2025-01-15T15:00:00Z', 'regular', 'Market open', 'closes 4:00 PM ET'],
    ['2025-01-15T22:00:00Z', 'after-hours', 'After hours', 'ends 8:00 PM ET'],
    ['2025-01-20T15:00:00Z', 'closed', 'Market closed', 'opens Tue 9:30 AM ET'], // Martin Luther King Jr. Day
  ])('at %s shows %s', async (iso, id, label, detail) => {
    at(iso);
    await renderDashboard();
    expect(session().dataset.session).toBe(id);
    expect(session().querySelector('.badge-label')!.textContent).toBe(label);
    expect(session().textContent).toContain(detail);
  });
});

describe('footer pace', () => {
  const live = buildAuthState({ mode: 'live' });

  it('states the slower pace outside market hours, not the setting', async () => {
    at('2025-01-18T15:00:00Z'); // Saturday
    await renderDashboard({ auth: live, settings: { ...DEFAULT_SETTINGS, offHours: 'slow', offHoursIntervalSec: 60 } });
    expect(pace()).toBe('Refresh every 60 s outside market hours');
  });

  it('says paused, until when, when off-hours polling is paused', async () => {
    at('2025-01-18T15:00:00Z');
    await renderDashboard({ auth: live, settings: { ...DEFAULT_SETTINGS, offHours: 'pause' } });
    expect(pace()).toMatch(/^Refresh paused until Tue 9:30 AM ET/);
  });

  it('keeps the interval during the session, and in the demo (its market never closes)', async () => {
    at('2025-01-15T15:00:00Z');
    const first = await renderDashboard({ auth: live, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 15 } });
    expect(pace()).toBe('Refresh every 15 s');
    first.unmount();
    at('2025-01-18T15:00:00Z');
    await renderDashboard({ auth: buildAuthState({ mode: 'demo' }), snapshot: buildSnapshot({ demo: true }) });
    expect(pace()).toBe('Refresh every 10 s');
  });
});

describe('footer pace while streaming', () => {
  const live = buildAuthState({ mode: 'live' });
  const streaming = { ...IDLE_STREAM_STATE, state: 'streaming' as const, healthy: true };

  it('says the refresh reconciles at the slower pace while the stream is healthy, and polls again when it is not', async () => {
    at('2025-01-15T15:00:00Z'); // market open
    const { mem } = await renderDashboard({ auth: live, stream: streaming, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 10, reconcileIntervalSec: 60 } });
    await waitFor(() => expect(pace()).toBe('Streaming · reconciling every 60 s'));
    mem.pushStreamState({ ...streaming, state: 'reconnecting', healthy: false });
    await waitFor(() => expect(pace()).toBe('Refresh every 10 s'));
    mem.pushStreamState(streaming);
    await waitFor(() => expect(pace()).toBe('Streaming · reconciling every 60 s'));
  });

  it('keeps the polling pace when it is already slower than the reconcile pace', async () => {
    at('2025-01-15T15:00:00Z');
    await renderDashboard({ auth: live, stream: streaming, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 120, reconcileIntervalSec: 60 } });
    await waitFor(() => expect(screen.getByTestId('stream-badge').textContent).toBe('Streaming'));
    expect(pace()).toBe('Refresh every 120 s');
  });
});

describe('demo freshness', () => {
  it('says "Demo data", never "Up to date with Schwab"', () => {
    render(<FreshnessBadge snapshot={buildSnapshot({ demo: true })} auth={buildAuthState({ mode: 'demo' })} />);
    const badge = screen.getByTestId('freshness-badge');
    expect(badge.querySelector('.badge-label')!.textContent).toBe('Demo data');
    expect(badge.textContent).not.toContain('Up to date with Schwab');
  });
});
