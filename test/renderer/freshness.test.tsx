// Every freshness state's badge text, with its cause available on hover (title) and to screen readers.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { FreshnessBadge } from '../../renderer/src/components/FreshnessBadge';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { buildAuthState } from '../support/authState';
import type { PortfolioSnapshot } from '../../common/contract';
import { renderDashboard } from './renderApp';

function badge(): { label: string; reason: string; tone: string } {
  const el = screen.getByTestId('freshness-badge');
  return {
    label: el.querySelector('.badge-label')!.textContent!,
    reason: el.getAttribute('title')!,
    tone: [...el.classList].find((c) => c.startsWith('tone-'))!,
  };
}

const CASES: [string, Partial<PortfolioSnapshot>, string, string][] = [
  ['live', { freshness: 'fresh', source: 'live' }, 'Live', 'tone-good'],
  ['streaming', { freshness: 'streaming', source: 'live' }, 'Streaming', 'tone-good'],
  ['streaming demo', { freshness: 'streaming', source: 'live', demo: true }, 'Demo data', 'tone-good'],
  ['cached', { freshness: 'fresh', source: 'cache' }, 'Cached', 'tone-neutral'],
  ['stale', { freshness: 'stale', freshnessReason: 'The last 3 updates failed (Schwab 502).' }, 'Stale', 'tone-warn'],
  ['offline', { freshness: 'offline', freshnessReason: 'No network connection.' }, 'Offline', 'tone-bad'],
  ['rate-limited', { freshness: 'rate-limited', freshnessReason: 'Schwab asked us to wait 30 s (429).' }, 'Rate-limited', 'tone-warn'],
  ['reauth', { freshness: 'reauth-required', freshnessReason: 'Refresh token expired.' }, 'Re-auth required', 'tone-bad'],
];

describe('freshness badge', () => {
  it.each(CASES)('%s → "%s"', (_name, patch, label, tone) => {
    const snapshot = { ...buildSnapshot(), ...patch };
    render(<FreshnessBadge snapshot={snapshot} auth={buildAuthState()} />);
    const b = badge();
    expect(b.label).toBe(label);
    expect(b.tone).toBe(tone);
    if (patch.freshnessReason) expect(b.reason).toBe(patch.freshnessReason);
    expect(b.reason.length).toBeGreaterThan(5);
    // Screen readers get the cause too; keyboard users can focus the badge.
    expect(screen.getByTestId('freshness-badge').textContent).toContain(b.reason);
    expect(screen.getByTestId('freshness-badge').tabIndex).toBe(0);
  });

  it('says re-auth whenever the sign-in needs renewing, whatever the snapshot says', () => {
    render(<FreshnessBadge snapshot={buildSnapshot()} auth={buildAuthState({ status: 'reauth-required', reason: 'Schwab ended the session.' })} />);
    expect(badge()).toMatchObject({ label: 'Re-auth required', reason: 'Schwab ended the session.' });
  });

  it('updates in the header as snapshots arrive', async () => {
    const { mem } = await renderDashboard();
    expect(badge().label).toBe('Live');
    mem.pushSnapshot({ ...mem.state.snapshot!, freshness: 'rate-limited', freshnessReason: 'Retry in 30 s.' });
    await waitFor(() => expect(badge().label).toBe('Rate-limited'));
    expect(badge().reason).toBe('Retry in 30 s.');
    mem.pushSnapshot({ ...mem.state.snapshot!, freshness: 'offline', freshnessReason: 'Network down.' });
    await waitFor(() => expect(badge().label).toBe('Offline'));
    mem.pushSnapshot({ ...mem.state.snapshot!, freshness: 'streaming', freshnessReason: null });
    await waitFor(() => expect(badge().label).toBe('Streaming'));
    expect(badge().reason).not.toBe('Up to date with Schwab.');
  });
});
