// First-run sign-in: credentials (secret never echoed), Connect to Schwab (new tab when the host cannot open a
// browser), the paste fallback, the demo, and every sign-in error in trader's words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuthState } from '../../common/contract';
import type { ErrorCode } from '../../common/contract';
import { signInErrorText } from '../../renderer/src/components/signInErrors';
import { buildAuthState } from '../support/authState';
import { pageText, renderApp } from './renderApp';

const firstRun: AuthState = buildAuthState({
  status: 'signed-out',
  configured: false,
  redirectUri: null,
  accessExpiresAt: null,
  refreshExpiresAt: null,
  signedInAt: null,
});
const configured: AuthState = { ...firstRun, configured: true, redirectUri: 'https://127.0.0.1:8182' };

let openSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  // window.open is the browser's edge (jsdom has none); record what the window asks it to open.
  openSpy = vi.spyOn(window, 'open').mockImplementation(() => null);
});
afterEach(() => openSpy.mockRestore());

describe('first run', () => {
  it('explains the Schwab app registration and the callback URL', async () => {
    renderApp({ snapshot: null, auth: firstRun });
    await screen.findByRole('heading', { name: 'Connect your own Schwab app' });
    const text = pageText();
    expect(text).toContain('developer.schwab.com');
    expect(text).toContain('https://127.0.0.1:8182');
    expect(screen.getByLabelText('App Key')).toBeTruthy();
    expect((screen.getByLabelText('Secret') as HTMLInputElement).type).toBe('password');
    expect((screen.getByLabelText('Callback URL') as HTMLInputElement).value).toBe('https://127.0.0.1:8182');
    expect((screen.getByRole('button', { name: 'Connect to Schwab' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves credentials and never shows the secret again', async () => {
    const user = userEvent.setup();
    const { mem } = renderApp({ snapshot: null, auth: firstRun });
    await user.type(await screen.findByLabelText('App Key'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
    await user.type(screen.getByLabelText('Secret'), 'S3cr3tS3cr3tS3cr');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await screen.findByText(/App Key and Secret saved/);
    expect(mem.callsTo('setCredentials')).toEqual([
      [{ clientId: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', clientSecret: 'S3cr3tS3cr3tS3cr', redirectUri: 'https://127.0.0.1:8182' }],
    ]);
    expect(pageText()).not.toContain('S3cr3tS3cr3tS3cr');
    expect(document.querySelectorAll('input[value="S3cr3tS3cr3tS3cr"]')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Change' }));
    expect((screen.getByLabelText('Secret') as HTMLInputElement).value).toBe('');
  });

  it('refuses an http callback before asking the host', async () => {
    const user = userEvent.setup();
    const { mem } = renderApp({ snapshot: null, auth: firstRun });
    await user.type(await screen.findByLabelText('App Key'), 'key');
    await user.type(screen.getByLabelText('Secret'), 'secret');
    await user.clear(screen.getByLabelText('Callback URL'));
    await user.type(screen.getByLabelText('Callback URL'), 'http://127.0.0.1:8182');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(await screen.findByText(/must start with https/)).toBeTruthy();
    expect(mem.callsTo('setCredentials')).toHaveLength(0);
  });

  it('opens the authorize URL in a new tab when the host did not open a browser', async () => {
    const user = userEvent.setup();
    const authorizeUrl = 'https://127.0.0.1:9443/v1/oauth/authorize?client_id=demo&redirect_uri=https%3A%2F%2F127.0.0.1%3A8182';
    const { mem } = renderApp({
      snapshot: null,
      auth: configured,
      signInStart: { authorizeUrl, callback: 'loopback', opened: false, notice: null },
    });
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    await screen.findByText('Waiting for Schwab…');
    expect(mem.callsTo('signIn')).toHaveLength(1);
    expect(openSpy).toHaveBeenCalledWith(authorizeUrl, '_blank');
    expect(screen.getByRole('link', { name: 'Open the Schwab sign-in page' }).getAttribute('href')).toBe(authorizeUrl);
  });

  it('does not open a second browser when the host already did', async () => {
    const user = userEvent.setup();
    renderApp({ snapshot: null, auth: configured });
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    await screen.findByText('Waiting for Schwab…');
    expect(openSpy).not.toHaveBeenCalled();
  });

  it('never opens a non-web URL, whatever the host sends', async () => {
    const user = userEvent.setup();
    renderApp({
      snapshot: null,
      auth: configured,
      signInStart: { authorizeUrl: 'javascript:alert(1)', callback: 'paste', opened: false, notice: null },
    });
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    await screen.findByText('Waiting for Schwab…');
    expect(openSpy).not.toHaveBeenCalled();
    expect(screen.queryByRole('link', { name: 'Open the Schwab sign-in page' })).toBeNull();
  });

  it('finishes through the pasted redirect URL when no loopback server listens', async () => {
    const user = userEvent.setup();
    const { mem } = renderApp({
      snapshot: null,
      auth: configured,
      signInStart: {
        authorizeUrl: 'https://api.schwabapi.com/v1/oauth/authorize?client_id=x',
        callback: 'paste',
        opened: true,
        notice: 'Port 8182 is in use, so paste the address instead.',
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    expect(await screen.findByText('Port 8182 is in use, so paste the address instead.')).toBeTruthy();
    const field = screen.getByLabelText('Redirected address');
    expect(field).toBeTruthy();
    await user.type(field, 'https://127.0.0.1:8182/?code=C0.b2F1dGgy%40&session=abc&state=xyz');
    await user.click(screen.getByRole('button', { name: 'Finish sign-in' }));
    await screen.findByRole('tablist', { name: 'Accounts' });
    expect(mem.callsTo('submitRedirectUrl')).toEqual([['https://127.0.0.1:8182/?code=C0.b2F1dGgy%40&session=abc&state=xyz']]);
  });

  it('explains a pasted address without a code', async () => {
    const user = userEvent.setup();
    renderApp({ snapshot: null, auth: configured, signInStart: { authorizeUrl: 'https://x.test/a', callback: 'paste', opened: true, notice: null } });
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    await user.type(await screen.findByLabelText('Redirected address'), 'https://127.0.0.1:8182/?error=nope');
    await user.click(screen.getByRole('button', { name: 'Finish sign-in' }));
    expect((await screen.findByTestId('signin-error')).textContent).toContain('That address is not the Schwab redirect');
  });

  it('starts the demo and marks the window DEMO', async () => {
    const user = userEvent.setup();
    const { mem } = renderApp({ snapshot: null, auth: firstRun });
    await user.click(await screen.findByRole('button', { name: 'Try the demo' }));
    await screen.findByRole('tablist', { name: 'Accounts' });
    expect(mem.callsTo('startDemo')).toHaveLength(1);
    expect(screen.getByText('DEMO')).toBeTruthy();
  });

  it('reports a failed call in words instead of crashing', async () => {
    const user = userEvent.setup();
    const { mem } = renderApp({ snapshot: null, auth: configured });
    mem.failNext('signIn', "Error invoking remote method 'arbion:signIn': Error: The sign-in server could not start");
    await user.click(await screen.findByRole('button', { name: 'Connect to Schwab' }));
    expect(await screen.findByText('The sign-in server could not start')).toBeTruthy();
  });
});

const ERROR_WORDS: [ErrorCode, RegExp][] = [
  ['CallbackStateMismatch', /does not match the one Arbion started/],
  ['AccessDenied', /access to your accounts was declined/],
  ['LoginTimeout', /did not hear back from Schwab in time/],
  ['PortBusy', /something else is listening on 127\.0\.0\.1:8182/],
  ['InvalidClient', /did not accept the App Key or Secret/],
  ['TokenExchangeFailed', /expire about 30 seconds/],
  ['CallbackStateExpired', /Too much time passed/],
  ['Network', /internet connection/],
];

describe('sign-in errors', () => {
  it.each(ERROR_WORDS)('%s is explained in trader words', async (code, words) => {
    renderApp({
      snapshot: null,
      auth: { ...configured, lastError: { code, message: `raw ${code} message` } },
    });
    const alert = await screen.findByTestId('signin-error');
    expect(alert.textContent).toMatch(words);
    expect(alert.textContent).not.toContain(`raw ${code} message`);
    expect(alert.getAttribute('role')).toBe('alert');
  });

  it('offers the paste fallback for a busy port and a timeout', async () => {
    for (const code of ['PortBusy', 'LoginTimeout'] as const) {
      const { unmount } = renderApp({ snapshot: null, auth: { ...configured, lastError: { code, message: '' } } });
      expect(await screen.findByLabelText('Redirected address')).toBeTruthy();
      unmount();
    }
  });

  it('reopens the credentials form when Schwab rejects the App Key', async () => {
    renderApp({ snapshot: null, auth: { ...configured, lastError: { code: 'InvalidClient', message: '' } } });
    expect(await screen.findByLabelText('App Key')).toBeTruthy();
  });

  it('falls back to the host’s message for a code it has no words of its own for', async () => {
    expect(signInErrorText({ code: 'Internal', message: 'Schwab returned 418.' }).advice).toBe('Schwab returned 418.');
    renderApp({ snapshot: null, auth: { ...configured, lastError: { code: 'Internal', message: 'Schwab returned 418.' } } });
    await waitFor(() => expect(screen.getByTestId('signin-error').textContent).toContain('Schwab returned 418.'));
  });
});
