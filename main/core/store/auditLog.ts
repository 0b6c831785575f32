// Append-only audit trail in the vault database. Every detail passes through redactString, so a token,
// code, secret or full account number that slips into a message is masked before it is stored.
import type { AuditEntry, AuditEventName } from '../../../common/contract';
import { redactString } from '../log/redact';
import { systemClock, type Clock } from '../ports';
import type { Db } from './database';

export type AuditOutcome = 'ok' | 'fail' | 'info';

/** The names, by what they record; the list itself is the contract's (AuditEventName). */
export const AUDIT_EVENTS = {
  signInStarted: 'sign-in-started',
  signInCompleted: 'sign-in-completed',
  signInFailed: 'sign-in-failed',
  refresh: 'token-refresh',
  reauthRequired: 'reauth-required',
  signOut: 'sign-out',
  credentialsSaved: 'credentials-saved',
  apiError: 'api-error',
  alertFired: 'alert-fired',
} as const satisfies Record<string, AuditEventName>;

const MAX_DETAIL = 500;

interface AuditRow {
  id: number;
  at: number;
  event: string;
  outcome: AuditOutcome;
  detail: string | null;
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {}

  append(event: AuditEventName, outcome: AuditOutcome, detail: string | null = null): void {
    const safe = detail === null ? null : redactString(detail).slice(0, MAX_DETAIL);
    try {
      this.db
        .prepare('INSERT INTO audit_log (at, event, outcome, detail) VALUES (?, ?, ?, ?)')
        .run(this.clock.now(), event, outcome, safe);
    } catch {
      // The audit trail must never be the reason an operation fails (e.g. a locked or full disk).
    }
  }

  /** Newest first. */
  list(limit = 100): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT id, at, event, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(Math.max(1, Math.min(1000, Math.floor(limit)))) as AuditRow[];
    // Rows are written only through append(AuditEventName), so the column holds names from that list.
    return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), event: r.event as AuditEventName, outcome: r.outcome, detail: r.detail }));
  }
}
