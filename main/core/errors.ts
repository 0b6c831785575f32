// Typed errors with a code the UI can act on (the codes are the contract's ErrorCode list). Messages are for
// traders and never carry a secret.
import type { ErrorCode } from '../../common/contract';

export type { ErrorCode };

export class ArbionError extends Error {
  readonly code: ErrorCode;
  /** HTTP status when the error came from Schwab. */
  readonly status: number | undefined;
  /** Seconds Schwab asked us to wait (Retry-After), when given. */
  readonly retryAfterSec: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; retryAfterSec?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.status = options.status;
    this.retryAfterSec = options.retryAfterSec;
  }

  /** Worth retrying with backoff: network, timeouts, 5xx, 429. */
  get transient(): boolean {
    return ['RateLimited', 'ServerError', 'Network', 'Timeout'].includes(this.code);
  }
}

export function isArbionError(e: unknown, code?: ErrorCode): e is ArbionError {
  return e instanceof ArbionError && (code === undefined || e.code === code);
}

/** Any thrown value as an ArbionError (unknown errors become Internal with their message). */
export function toArbionError(e: unknown): ArbionError {
  if (e instanceof ArbionError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ArbionError('Internal', message, { cause: e });
}
