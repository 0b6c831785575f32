// Diagnostics: connection test results, token expiries, the weak-storage warning, the audit log, and the
// redacted copy for support.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatTimestamp } from '../../renderer/src/format/timeFormat';
import { buildDiagnosticsText, redactForSupport } from '../../renderer/src/components/diagnosticsReport';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { buildAuthState } from '../support/authState';
import { renderDashboard } from './renderApp';

async function openDiagnostics(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Diagnostics' }));
  return screen.getByRole('dialog', { name: 'Diagnostics' });
}

describe('diagnostics panel', () => {
  it('runs the connection test and lists each check', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard({
      connection: {
        ok: false,
        checkedAt: '2026-11-27T21:00:00.000Z',
        clockSkewMs: 1200,
        checks: [
          { name: 'Token endpoint reachable', ok: true, detail: 'answered', ms: 140 },
          { name: 'Accounts endpoint', ok: false, detail: 'HTTP 401 — access token rejected', ms: 90 },
        ],
      },
    });
    const dialog = await openDiagnostics(user);
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByText('Some checks failed', { exact: false })).toBeTruthy();
    expect(mem.callsTo('testConnection')).toHaveLength(1);
    const items = within(dialog).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Passed: Token endpoint reachable');
    expect(items[1]!.textContent).toContain('Failed: Accounts endpoint');
    expect(items[1]!.textContent).toContain('HTTP 401 — access token rejected');
    expect(within(dialog).getByText(/clock skew 1200 ms/)).toBeTruthy();
  });

  it('shows token expiries and the storage backend; warns for basic_text', async () => {
    const user = userEvent.setup();
    await renderDashboard({
      auth: buildAuthState({
        storage: { cipher: 'safeStorage', backend: 'basic_text', weak: true, description: 'Electron safeStorage with no keyring.' },
      }),
    });
    const dialog = await openDiagnostics(user);
    expect(within(dialog).getByText('Refresh token').nextElementSibling!.textContent).toMatch(/Dec 2, 2026/);
    expect(within(dialog).getByText('basic_text')).toBeTruthy();
    expect(within(dialog).getByTestId('weak-storage').textContent).toMatch(/No system keyring was found/);
  });

  it('warns for the memory cipher that tokens live in memory only, not that a key file exists', async () => {
    const user = userEvent.setup();
    await renderDashboard({
      auth: buildAuthState({
        storage: { cipher: 'memory', backend: 'memory', weak: true, description: 'Tokens are kept in memory only.' },
      }),
    });
    const dialog = await openDiagnostics(user);
    const warning = within(dialog).getByTestId('weak-storage').textContent ?? '';
    expect(warning).toMatch(/in memory only/);
    expect(warning).toMatch(/sign in again after each restart/);
    expect(warning).not.toMatch(/file/);
  });

  it('warns about the key file for the file-key cipher, and shows the host description for a backend it does not know', async () => {
    const user = userEvent.setup();
    const { unmount } = await renderDashboard({
      auth: buildAuthState({ storage: { cipher: 'file-key', backend: 'file', weak: true, description: 'file key, not OS-protected' } }),
    });
    let dialog = await openDiagnostics(user);
    expect(within(dialog).getByTestId('weak-storage').textContent).toMatch(/is a file in Arbion’s data folder/);
    unmount();
    await renderDashboard({
      auth: buildAuthState({ storage: { cipher: 'other', backend: 'novel', weak: true, description: 'Sealed by something new.' } }),
    });
    dialog = await openDiagnostics(user);
    expect(within(dialog).getByTestId('weak-storage').textContent).toContain('Sealed by something new.');
  });

  it('has no warning for a keyring backend', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    const dialog = await openDiagnostics(user);
    expect(within(dialog).queryByTestId('weak-storage')).toBeNull();
  });

  it('lists recent audit log entries', async () => {
    const user = userEvent.setup();
    const { mem } = await renderDashboard();
    const dialog = await openDiagnostics(user);
    await within(dialog).findByText('429 from accounts endpoint, retry after 30 s');
    expect(mem.callsTo('getAuditLog')).toEqual([[50]]);
    expect(within(dialog).getAllByRole('row')).toHaveLength(1 + 5);
  });

  it('copies redacted diagnostics to the clipboard', async () => {
    const user = userEvent.setup();
    await renderDashboard();
    const dialog = await openDiagnostics(user);
    await within(dialog).findByText('429 from accounts endpoint, retry after 30 s');
    await user.click(within(dialog).getByRole('button', { name: 'Copy diagnostics' }));
    await waitFor(() => expect(within(dialog).getByText(/Copied/)).toBeTruthy());
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('[Secret storage]');
    expect(copied).toContain('mode=live status=signed-in');
    expect(copied).toContain('…4410/MARGIN/7');
    expect(copied).not.toMatch(/\$\d/);
    for (const a of buildSnapshot().accounts) expect(copied).not.toContain(a.hash);
  });
});

describe('support text redaction', () => {
  it('removes OAuth parameters, bearer tokens, long opaque strings, account numbers and amounts', () => {
    const raw = [
      'callback https://127.0.0.1:8182/?code=C0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.abc%40&session=5f2e&state=9a8b',
      'Authorization: Bearer I0.b2F1dGgyLmNkYy5zY2h3YWIuY29t.Xk3Jd93kd83kdLd93kdLd93kdL@',
      'hash E3F8A1C09D2B4F6A8E7C5D3B1A09F8E7D6C5B4A3928170F6E5D4C3B2A1908F7E',
      'account 12345678 value $404,585.72',
    ].join('\n');
    const out = redactForSupport(raw);
    expect(out).not.toContain('C0.b2F1');
    expect(out).not.toContain('5f2e');
    expect(out).not.toContain('I0.b2F1');
    expect(out).not.toContain('E3F8A1C09D2B');
    expect(out).not.toContain('12345678');
    expect(out).not.toContain('404,585');
    expect(out).toContain('code=[redacted]');
    expect(out).toContain('Bearer [redacted]');
  });

  it('keeps timestamps and masked account numbers readable', () => {
    const text = buildDiagnosticsText({
      auth: buildAuthState(),
      snapshot: buildSnapshot(),
      settings: null,
      report: null,
      audit: [],
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0',
      now: new Date('2026-11-27T21:00:00.000Z'),
      localTimeZone: 'UTC',
    });
    // The clock the window shows (local, with its zone), not UTC ISO strings.
    expect(text).toContain(`Generated: ${formatTimestamp('2026-11-27T21:00:00.000Z')}`);
    expect(text).toContain(`refreshExpiresAt=${formatTimestamp('2026-12-02T14:00:00.000Z')}`);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    // The day after Thanksgiving closes at 13:00; after hours end at 17:00 New York time.
    expect(text).toContain('Market: After hours · ends 5:00 PM ET (10:00 PM local)');
    expect(text).toContain('…7782/CASH/3');
    expect(text).toContain('Chrome/142.0.0.0');
  });
});
