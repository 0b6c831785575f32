// What the Diagnostics panel shows: the audit trail and the connection check.
import { z } from 'zod';
import type { AuditEventName } from './audit';

export interface AuditEntry {
  id: number;
  at: string;
  event: AuditEventName;
  outcome: 'ok' | 'fail' | 'info';
  detail: string | null;
}

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  detail: string;
  ms?: number;
}
export interface ConnectionReport {
  ok: boolean;
  checkedAt: string;
  checks: ConnectionCheck[];
  /** Server Date header minus local clock, ms (null when unknown). */
  clockSkewMs: number | null;
}

export const AuditLimitSchema = z.number().int().min(1).max(1000);
