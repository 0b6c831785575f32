// arbion login [--manual] [--no-browser] [--timeout S]
// Prints the authorization URL on its own stdout line, opens the browser unless told not to, then waits
// for the loopback callback (or, with --manual / a busy port / a remote callback URL, a pasted URL).
// The sign-in itself is the core's: the signIn and submitRedirectUrl handlers, with these prompts around them.
import { callbackPortWarning } from '../../../common/config/callbackPort';
import type { SignInOptions } from '../../core/auth/authService';
import { ArbionError, isArbionError } from '../../core/errors';
import { SANDBOX_HINT } from '../portfolioRefresh';
import { defineCommand, CliUsageError } from '../registry';
import { createLineReader } from '../lineReader';
import { whenText } from '../timeText';

export default defineCommand({
  name: 'login',
  summary: 'Sign in to Schwab in the browser and keep the tokens sealed in the data dir',
  usage: 'arbion login [--manual] [--no-browser] [--timeout S]',
  options: {
    manual: { type: 'boolean', description: 'No callback server: paste the URL the browser lands on' },
    'no-browser': { type: 'boolean', description: 'Only print the URL; do not open a browser' },
    timeout: { type: 'string', description: 'Seconds to wait for the callback (default 300)' },
  },
  async run(ctx, { values }) {
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s <= 0 || s > 3600) throw new CliUsageError('--timeout takes seconds between 1 and 3600.');
      timeoutMs = Math.round(s * 1000);
    }
    const signIn: SignInOptions = {
      manual: values.manual === true,
      openBrowser: values['no-browser'] !== true,
      ...(timeoutMs ? { timeoutMs } : {}),
      onRejected: (e) => ctx.err(`Refused a callback request: ${e.message}`),
    };
    const { handlers, inProcess } = await ctx.core({ signIn });
    const config = await inProcess.config();
    if (!config.configured) {
      throw new ArbionError(
        'NotConfigured',
        `No Schwab App Key and Secret: set SCHWAB_CLIENT_ID and SCHWAB_CLIENT_SECRET (or save them in the app's sign-in screen). ${SANDBOX_HINT}`,
      );
    }
    const portWarning = callbackPortWarning(config.redirectUri);
    if (portWarning) ctx.err(`Warning: ${portWarning}`);

    const start = await handlers.signIn();
    const done = inProcess.waitForSignIn();

    ctx.err(
      start.opened
        ? "Your browser should open Schwab's sign-in page. If it does not, open this URL:"
        : 'Open this URL in your browser to sign in to Schwab:',
    );
    ctx.out(start.authorizeUrl);
    if (start.notice) ctx.err(start.notice);

    const stdin = ctx.streams.stdin;
    const acceptPaste = start.callback === 'paste' || stdin.isTTY === true;
    if (start.callback === 'loopback') {
      ctx.err(
        `Waiting for Schwab to redirect to ${config.redirectUri} … The browser will warn about the certificate: ` +
          'Arbion made it for this sign-in only, so continue to 127.0.0.1.',
      );
      if (acceptPaste) ctx.err('(Or paste the URL your browser lands on here and press Enter.)');
    } else {
      ctx.err('After you allow access, paste the full URL your browser lands on and press Enter:');
    }

    const reader = createLineReader(stdin);
    if (acceptPaste) {
      reader.start(
        (line) => {
          handlers.submitRedirectUrl(line).catch((e: unknown) => {
            // A final error ends the sign-in (reported below); anything else may be pasted again.
            if (isArbionError(e) && !['AccessDenied', 'TokenExchangeFailed', 'InvalidClient', 'LoginCancelled'].includes(e.code)) {
              ctx.err(`${e.message} Paste the URL again:`);
            }
          });
        },
        () => {
          if (start.callback === 'paste') void inProcess.cancelSignIn('No redirected URL was pasted (input ended).');
        },
      );
    }
    const onAbort = (): void => void inProcess.cancelSignIn('Sign-in was interrupted.');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const state = await done;
      ctx.out(
        `Signed in to Schwab. Access token valid until ${whenText(state.accessExpiresAt)}; ` +
          `sign in again before ${whenText(state.refreshExpiresAt)}.`,
      );
      return 0;
    } catch (e) {
      throw isArbionError(e) ? e : new ArbionError('Internal', String(e));
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      reader.close();
    }
  },
});
