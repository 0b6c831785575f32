// Errors as they cross the contract: a stable code the UI can act on and a sentence for a trader. Every
// transport (Electron IPC, the browser host's WebSocket, the in-memory fake) rejects with the same shape.

/** Every code a failure can carry, in the core, over every transport and in the audit log. */
export const ERROR_CODES = [
  'ConfigInvalid',
  'NotConfigured',
  'NotSignedIn',
  'CallbackStateMismatch',
  'CallbackStateExpired',
  'CallbackMissingCode',
  'CallbackInvalid',
  'AccessDenied',
  'LoginTimeout',
  'LoginCancelled',
  'PortBusy',
  'TokenExchangeFailed',
  'InvalidClient',
  'RefreshTokenExpired',
  'ReauthRequired',
  'Unauthorized',
  'RateLimited',
  'ServerError',
  'Network',
  'Timeout',
  'PayloadInvalid',
  'BadRequest',
  'NotFound',
  'Forbidden',
  'ReadOnlyViolation',
  'CipherMismatch',
  'CipherUnavailable',
  'StorageFailed',
  'Internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export interface UserFacingError {
  /** Stable code the UI can act on, e.g. CallbackStateMismatch, AccessDenied, LoginTimeout, PortBusy. */
  code: ErrorCode;
  message: string;
}

/**
 * How a failed call rejects, the same through every transport (Electron IPC, the browser host's
 * WebSocket, the in-memory fake): a plain object with a stable code and a sentence for a trader.
 */
export interface WireError {
  code: ErrorCode;
  message: string;
}
