// API failures in the audit log by class ("ServerError HTTP 503"): once when a class of failure starts and
// once when refreshes work again, not once per failed poll. Sign-in failures are audited by the auth layer.
import { AUDIT_EVENTS, type AuditLog } from '../store/auditLog';
import type { ArbionError } from '../errors';
import { SIGN_IN_ERROR_CODES } from './authGate';

export interface ApiErrorAudit {
  failed(error: ArbionError): void;
  succeeded(): void;
}

export function createApiErrorAudit(audit: Pick<AuditLog, 'append'>): ApiErrorAudit {
  /** The error class last written (null: the last refresh succeeded). */
  let audited: string | null = null;
  return {
    failed(err) {
      const errorClass = `${err.code}${err.status !== undefined ? ` HTTP ${err.status}` : ''}`;
      if (SIGN_IN_ERROR_CODES.has(err.code) || errorClass === audited) return;
      audited = errorClass;
      audit.append(AUDIT_EVENTS.apiError, 'fail', `${errorClass}: ${err.message}`);
    },
    succeeded() {
      if (audited === null) return;
      audit.append(AUDIT_EVENTS.apiError, 'ok', `Refreshes work again after ${audited}`);
      audited = null;
    },
  };
}
