// Sign-in failures in words a trader understands, keyed by AuthState.lastError.code (see main/core/errors.ts).
import type { UserFacingError } from '../../../common/contract';
import type { ErrorCode } from '../../../common/contract';

export interface SignInErrorText {
  title: string;
  advice: string;
  /** Show the paste-the-URL fallback right away. */
  offerPaste?: boolean;
  /** The App Key / Secret are the likely culprit: open the credentials form. */
  offerCredentials?: boolean;
}

const TEXTS: Partial<Record<ErrorCode, SignInErrorText>> = {
  CallbackStateMismatch: {
    title: 'That sign-in reply was not for this request',
    advice:
      'Schwab sent back a sign-in that does not match the one Arbion started — usually an old Schwab tab or two sign-ins at once. Close other Schwab tabs and choose Connect to Schwab again.',
  },
  CallbackStateExpired: {
    title: 'The sign-in request expired',
    advice: 'Too much time passed between starting and finishing the sign-in. Choose Connect to Schwab and finish within a few minutes.',
  },
  CallbackMissingCode: {
    title: 'That address is not the Schwab redirect',
    advice:
      'After you approve access, Schwab sends your browser to an address starting with https://127.0.0.1:8182/?code=… Copy that whole address from the address bar and paste it here.',
    offerPaste: true,
  },
  CallbackInvalid: {
    title: 'That address is not the Schwab redirect',
    advice:
      'Paste the full address your browser shows after approving access — it starts with your callback URL, https://127.0.0.1:8182, and contains code=.',
    offerPaste: true,
  },
  AccessDenied: {
    title: 'Access was not granted',
    advice: 'The Schwab page was cancelled or access to your accounts was declined. Sign in again and approve access to the accounts you want to see.',
  },
  LoginTimeout: {
    title: 'Sign-in timed out',
    advice:
      'Arbion did not hear back from Schwab in time. Choose Connect to Schwab again; if the browser shows a security warning for 127.0.0.1, continue past it, or paste the redirected address below.',
    offerPaste: true,
  },
  LoginCancelled: {
    title: 'Sign-in cancelled',
    advice: 'Nothing was changed. Choose Connect to Schwab when you are ready.',
  },
  PortBusy: {
    title: 'Port 8182 is in use by another program',
    advice:
      'Arbion cannot receive Schwab’s reply automatically because something else is listening on 127.0.0.1:8182. Close that program and try again, or finish by pasting the redirected address below.',
    offerPaste: true,
  },
  InvalidClient: {
    title: 'Schwab did not accept the App Key or Secret',
    advice:
      'Check both values on developer.schwab.com → Dashboard → your app. The app must show “Ready For Use” (not “Approved – Pending”), and the secret must be the current one.',
    offerCredentials: true,
  },
  TokenExchangeFailed: {
    title: 'Schwab rejected the sign-in code',
    advice:
      'Sign-in codes are single-use and expire about 30 seconds after you approve. Choose Connect to Schwab again and finish promptly; make sure the callback URL matches your app’s registration exactly.',
  },
  NotConfigured: {
    title: 'App Key and Secret needed',
    advice: 'Enter the App Key and Secret of your Schwab developer app first.',
    offerCredentials: true,
  },
  ConfigInvalid: {
    title: 'The app settings are not valid',
    advice: 'Check the App Key, Secret and callback URL. The callback URL must be https and match your Schwab app exactly.',
    offerCredentials: true,
  },
  RefreshTokenExpired: {
    title: 'Your Schwab sign-in has expired',
    advice: 'Schwab ends every connection after 7 days (or sooner after a password change). Sign in again to resume live prices.',
  },
  ReauthRequired: {
    title: 'Schwab needs you to sign in again',
    advice: 'Your connection is no longer accepted. Sign in again to resume live prices; your cached portfolio stays visible.',
  },
  Network: {
    title: 'Cannot reach Schwab',
    advice: 'Check your internet connection, VPN or firewall, then try again.',
  },
  Timeout: {
    title: 'Schwab took too long to answer',
    advice: 'Schwab’s servers were slow to respond. Try again in a minute.',
  },
  ServerError: {
    title: 'Schwab had a problem',
    advice: 'Schwab’s servers returned an error. This is usually brief — try again in a minute.',
  },
  RateLimited: {
    title: 'Too many requests',
    advice: 'Schwab asked Arbion to slow down. Wait a minute and try again.',
  },
  CipherUnavailable: {
    title: 'Secure storage is unavailable',
    advice: 'Arbion could not reach the system keychain to seal your credentials. Unlock the keychain (or log in to your desktop session) and try again.',
  },
  StorageFailed: {
    title: 'Could not save your sign-in',
    advice: 'Arbion could not write to its data folder. Check free disk space and permissions, then try again.',
  },
};

export function signInErrorText(error: UserFacingError): SignInErrorText {
  // A malformed setting names the variable and what is allowed; a generic hint would hide which one.
  if (error.code === 'ConfigInvalid') return { ...TEXTS.ConfigInvalid!, advice: error.message };
  return TEXTS[error.code] ?? { title: 'Sign-in did not complete', advice: error.message };
}
