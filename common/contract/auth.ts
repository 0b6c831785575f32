// The sign-in state every host shows, what a sign-in start returns, and the credentials the first-run screen
// sends. The secret goes in, sealed in the vault; it never comes back out.
import { z } from 'zod';
import type { UserFacingError } from './errors';

export type AuthStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'reauth-required';
export type RefreshWarning = 'refresh-expires-24h' | 'refresh-expires-1h' | null;

export interface SecretStorageInfo {
  /** e.g. "safeStorage", "file-key". */
  cipher: string;
  /** e.g. "keychain", "dpapi", "gnome_libsecret", "kwallet6", "basic_text", "file". */
  backend: string;
  /** True when the OS does not protect the key (Linux basic_text, the Node hosts' key file). */
  weak: boolean;
  description: string;
}

export interface AuthState {
  status: AuthStatus;
  mode: 'demo' | 'live';
  /** Client id and secret known (from env or Settings). */
  configured: boolean;
  redirectUri: string | null;
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
  signedInAt: string | null;
  warning: RefreshWarning;
  /** Set when status is reauth-required, or after a failed sign-in. */
  reason: string | null;
  lastError: UserFacingError | null;
  storage: SecretStorageInfo;
}

export interface SignInStart {
  authorizeUrl: string;
  /** 'loopback': a callback server is listening; 'paste': the user must paste the redirected URL. */
  callback: 'loopback' | 'paste';
  /** True when the host opened the system browser itself (the browser host opens a tab instead). */
  opened: boolean;
  /** Why the loopback server is not listening (e.g. port busy), when callback is 'paste'. */
  notice: string | null;
}

export const CredentialsSchema = z.object({
  clientId: z.string().trim().min(1).max(256),
  clientSecret: z.string().trim().min(1).max(256),
  redirectUri: z.string().trim().url().max(255),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export const RedirectUrlSchema = z.string().min(1).max(4096);
