// Leaving the demo for a real account, and configuration problems on the sign-in screen: the demo's sandbox
// app never counts as the user's App Key, a malformed setting is named, and a low callback port is flagged.
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSnapshot } from '../../renderer/src/testing/sampleSnapshot';
import { buildAuthState } from '../support/authState';
import { pageText, renderApp, renderDashboard } from './renderApp';

describe('demo to real account', () => {
  it('after Settings → Sign out of the demo, the first screen asks for the App Key, Secret and callback URL', async () => {
    const user = userEvent.setup();
    await renderDashboard({ auth: buildAuthState({ mode: 'demo', configured: true }), snapshot: buildSnapshot({ demo: true }) });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    expect(within(dialog).getByText(/Leaving the demo: next, Arbion asks for your own Schwab App Key/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Yes, sign out' }));

    // The host may still report the demo's session as signed out: its sandbox app is not the user's.
    await screen.findByRole('heading', { name: 'Connect your own Schwab app' });
    expect(pageText()).not.toContain('App Key and Secret saved');
    expect(screen.getByLabelText('App Key')).toBeTruthy();
    expect((screen.getByLabelText('Secret') as HTMLInputElement).placeholder).not.toMatch(/Saved/);
    expect(screen.getByLabelText('Callback URL')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Connect to Schwab' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('configuration problems on the sign-in screen', () => {
  const signedOut = { status: 'signed-out', accessExpiresAt: null, refreshExpiresAt: null, signedInAt: null } as const;

  it('a malformed setting is shown by name, not as a generic hint', async () => {
    const message = 'SCHWAB_API_BASE_URL uses http:// for example.com; only https:// is allowed unless the host is this computer (127.0.0.1).';
    renderApp({ snapshot: null, auth: buildAuthState({ ...signedOut, lastError: { code: 'ConfigInvalid', message } }) });
    const alert = await screen.findByTestId('signin-error');
    expect(alert.textContent).toContain(message);
  });

  it('a callback URL without a port (443) gets the warning that Schwab wants a port above 1024', async () => {
    renderApp({ snapshot: null, auth: buildAuthState({ ...signedOut, redirectUri: 'https://127.0.0.1' }) });
    const warning = await screen.findByTestId('callback-port-warning');
    expect(warning.textContent).toMatch(/has no port, so port 443: Schwab wants a port above 1024, and Arbion has to listen on it/);
  });

  it('no warning for the default callback', async () => {
    renderApp({ snapshot: null, auth: buildAuthState({ ...signedOut, redirectUri: 'https://127.0.0.1:8182' }) });
    await screen.findByRole('heading', { name: 'Connect your own Schwab app' });
    expect(screen.queryByTestId('callback-port-warning')).toBeNull();
  });
});
