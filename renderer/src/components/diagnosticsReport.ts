// The "copy diagnostics" text: what support needs (versions of state, checks, expiries, storage, recent audit
// events) and nothing a stranger could use — no dollar amounts, account hashes, codes or token-like strings.
import type { AuditEntry, AuthState, ConnectionReport, PortfolioSnapshot, Settings } from '../../../common/contract';
import { sessionText } from '../../../common/market/sessionText';
import { formatTimestamp } from '../format/timeFormat';

const REDACTIONS: [RegExp, string][] = [
  // OAuth parameters in URLs.
  [/([?&#](?:code|state|session|token|access_token|refresh_token|client_secret|client_id)=)[^&#\s]+/gi, '$1[redacted]'],
  // Bearer / Basic credentials.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // Long opaque strings: tokens, hashes, keys.
  [/\b[A-Za-z0-9._~+/-]{32,}={0,2}@?/g, '[redacted]'],
  // Long digit runs: account numbers.
  [/\d{6,}/g, '[number]'],
  // Anything that still looks like a dollar amount.
  [/\$\s?-?[\d,]+(?:\.\d+)?/g, '$[amount]'],
];

export function redactForSupport(text: string): string {
  return REDACTIONS.reduce((t, [re, rep]) => t.replace(re, rep), text);
}

export interface DiagnosticsInput {
  auth: AuthState;
  snapshot: PortfolioSnapshot | null;
  settings: Settings | null;
  report: ConnectionReport | null;
  audit: AuditEntry[];
  userAgent: string;
  now: Date;
  /** The zone "local" means (tests pin it); the system's when absent. */
  localTimeZone?: string;
}

/** Times as the window shows them (local, with the zone's name), so the report and the screen agree. */
const stamp = (iso: string | null | undefined): string => (iso ? formatTimestamp(iso) : '-');

export function buildDiagnosticsText(d: DiagnosticsInput): string {
  const lines: string[] = [];
  const session = sessionText(d.now.getTime(), d.localTimeZone);
  lines.push(
    'Arbion diagnostics',
    `Generated: ${stamp(d.now.toISOString())}`,
    `Market: ${session.label} · ${session.detail}`,
    `Client: ${d.userAgent}`,
    '',
  );
  lines.push('[Sign-in]');
  lines.push(`mode=${d.auth.mode} status=${d.auth.status} configured=${d.auth.configured}`);
  lines.push(`callback=${d.auth.redirectUri ?? '-'}`);
  lines.push(`signedInAt=${stamp(d.auth.signedInAt)} accessExpiresAt=${stamp(d.auth.accessExpiresAt)} refreshExpiresAt=${stamp(d.auth.refreshExpiresAt)}`);
  lines.push(`warning=${d.auth.warning ?? '-'} reason=${d.auth.reason ?? '-'}`);
  if (d.auth.lastError) lines.push(`lastError=${d.auth.lastError.code}: ${d.auth.lastError.message}`);
  lines.push('', '[Secret storage]');
  lines.push(`cipher=${d.auth.storage.cipher} backend=${d.auth.storage.backend} weak=${d.auth.storage.weak}`);
  lines.push('', '[Data]');
  if (d.snapshot) {
    lines.push(
      `asOf=${stamp(d.snapshot.asOf)} source=${d.snapshot.source} freshness=${d.snapshot.freshness} demo=${d.snapshot.demo}`,
      `accounts=${d.snapshot.accounts.map((a) => `${a.displayNumber}/${a.type}/${a.positions.length}`).join(', ')} positions=${d.snapshot.totals.positionCount}`,
    );
    if (d.snapshot.freshnessReason) lines.push(`freshnessReason=${d.snapshot.freshnessReason}`);
  } else {
    lines.push('no snapshot');
  }
  if (d.settings) {
    lines.push('', '[Settings]');
    lines.push(
      `refresh=${d.settings.refreshIntervalSec}s offHours=${d.settings.offHours}/${d.settings.offHoursIntervalSec}s privacy=${d.settings.privacyMode} tray=${d.settings.trayShow}/${d.settings.trayFormat} theme=${d.settings.theme}`,
    );
  }
  lines.push('', '[Connection test]');
  if (d.report) {
    lines.push(`ok=${d.report.ok} checkedAt=${stamp(d.report.checkedAt)} clockSkewMs=${d.report.clockSkewMs ?? '-'}`);
    for (const c of d.report.checks) lines.push(`${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}${c.ms !== undefined ? ` (${c.ms} ms)` : ''}`);
  } else {
    lines.push('not run');
  }
  lines.push('', '[Recent audit log]');
  for (const e of d.audit) lines.push(`${stamp(e.at)} ${e.outcome.toUpperCase()} ${e.event}${e.detail ? ` — ${e.detail}` : ''}`);
  if (d.audit.length === 0) lines.push('empty');
  return redactForSupport(lines.join('\n'));
}
