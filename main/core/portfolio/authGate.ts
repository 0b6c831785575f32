// What the portfolio needs to know about the sign-in: whether it may ask Schwab now, which mode the data is
// for, and when the current sign-in began. AuthStateObservable fits as is.
import type { AuthStatus, ErrorCode } from '../../../common/contract';

export interface AuthGateState {
  status: AuthStatus;
  mode?: 'demo' | 'live';
  /** ISO time of the current sign-in: a mapping fetched before it belongs to an earlier sign-in. */
  signedInAt?: string | null;
}

export interface AuthGate {
  get(): AuthGateState;
  subscribe(cb: (state: AuthGateState) => void): () => void;
}

/** Only a signed-in user is polled; signed-out and reauth-required wait for the user. */
export const canPoll = (state: AuthGateState): boolean => state.status === 'signed-in';

/** The current sign-in's start in epoch ms, or null when unknown. */
export function signedInAtMs(state: AuthGateState): number | null {
  const ms = state.signedInAt ? Date.parse(state.signedInAt) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** Failures only the user can fix by signing in (again): shown as reauth-required, audited by the auth layer. */
export const SIGN_IN_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['ReauthRequired', 'RefreshTokenExpired', 'NotSignedIn', 'InvalidClient']);
