// Diagnostics: the connection test, token expiries, where secrets are kept (with the basic_text warning),
// recent audit log entries, and a redacted text copy for support.
import { useEffect, useState } from 'react';
import type { AuditEntry, AuthState, ConnectionReport, PortfolioSnapshot, Settings } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { formatDuration, formatTimestamp, msUntil } from '../format/timeFormat';
import { useNow } from '../hooks/useNow';
import { etAndLocal, sessionText } from '../../../common/market/sessionText';
import { buildDiagnosticsText } from './diagnosticsReport';
import { SidePanel } from './SidePanel';
import { StreamDiagnostics } from './StreamDiagnostics';

const AUDIT_LIMIT = 50;

function Expiry({ iso, now }: { iso: string | null; now: number }) {
  const left = msUntil(iso, now);
  if (left === null || !iso) return <span className="muted">—</span>;
  return (
    <>
      {formatTimestamp(iso)}{' '}
      <span className={left <= 0 ? 'error-text' : 'muted'}>({left <= 0 ? `expired ${formatDuration(-left)} ago` : `in ${formatDuration(left)}`})</span>
    </>
  );
}

/** The warning for each weak backend; one we have no words for falls back to the host's own description. */
function weakStorageText(backend: string, description: string): string {
  switch (backend) {
    case 'basic_text':
      return 'No system keyring was found (Electron reports basic_text), so the key protecting your Schwab tokens is stored in plain form on disk. Anyone who can read your user files could use them. Install or unlock GNOME Keyring or KWallet and restart Arbion.';
    case 'memory':
      return 'Your Schwab tokens are kept in memory only and are never written to disk, so they are forgotten when Arbion quits: you sign in again after each restart. Install or unlock GNOME Keyring or KWallet to keep your sign-in.';
    case 'file':
      return 'The key protecting your Schwab tokens is a file in Arbion’s data folder, readable by anything running as your user. Keep that folder private.';
    default:
      return description;
  }
}

export interface DiagnosticsPanelProps {
  auth: AuthState;
  snapshot: PortfolioSnapshot | null;
  settings: Settings | null;
  onClose(): void;
}

export function DiagnosticsPanel({ auth, snapshot, settings, onClose }: DiagnosticsPanelProps) {
  const api = useApi();
  const now = useNow(30_000);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [auditError, setAuditError] = useState<string | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [copyText, setCopyText] = useState('');
  const session = sessionText(now);

  useEffect(() => {
    let live = true;
    api.getAuditLog(AUDIT_LIMIT).then(
      (a) => live && setAudit(a),
      (e: unknown) => live && setAuditError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const test = async (): Promise<void> => {
    setTesting(true);
    setTestError(null);
    try {
      setReport(await api.testConnection());
    } catch (e) {
      setTestError(errorMessage(e));
    } finally {
      setTesting(false);
    }
  };

  const copy = async (): Promise<void> => {
    const text = buildDiagnosticsText({
      auth,
      snapshot,
      settings,
      report,
      audit: audit ?? [],
      userAgent: navigator.userAgent,
      now: new Date(),
    });
    setCopyText(text);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopyState('copied');
    } catch {
      setCopyState('manual');
    }
  };

  return (
    <SidePanel id="diagnostics" title="Diagnostics" onClose={onClose}>
      <section className="group" aria-labelledby="diag-conn">
        <h3 id="diag-conn">Connection</h3>
        <button type="button" className="btn primary" onClick={() => void test()} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {testError && (
          <p className="error-text" role="alert">
            Test failed to run: {testError}
          </p>
        )}
        {report && (
          <div className="check-report" role="status">
            <p className={report.ok ? 'ok-text' : 'error-text'}>
              {report.ok ? 'All checks passed' : 'Some checks failed'} · {formatTimestamp(report.checkedAt)}
              {report.clockSkewMs !== null && <> · clock skew {Math.round(report.clockSkewMs)} ms</>}
            </p>
            <ul className="checks">
              {report.checks.map((c) => (
                <li key={c.name} className={c.ok ? 'pass' : 'fail'}>
                  <span className="check-mark" aria-hidden="true">
                    {c.ok ? '✓' : '✗'}
                  </span>
                  <span className="sr-only">{c.ok ? 'Passed: ' : 'Failed: '}</span>
                  <strong>{c.name}</strong> <span className="muted">{c.detail}</span>
                  {c.ms !== undefined && <span className="ms">{c.ms} ms</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="group" aria-labelledby="diag-clock">
        <h3 id="diag-clock">Clock</h3>
        <dl className="kv">
          <dt>Market</dt>
          <dd data-testid="diag-market">
            {session.label} · {session.detail}
          </dd>
          <dt>Now</dt>
          <dd>
            {etAndLocal(now)}
          </dd>
        </dl>
      </section>

      <section className="group" aria-labelledby="diag-auth">
        <h3 id="diag-auth">Sign-in</h3>
        <dl className="kv">
          <dt>Mode</dt>
          <dd>{auth.mode === 'demo' ? 'Demo (embedded sandbox)' : 'Schwab (live)'}</dd>
          <dt>Status</dt>
          <dd>{auth.status}</dd>
          <dt>Callback URL</dt>
          <dd>{auth.redirectUri ?? '—'}</dd>
          <dt>Signed in</dt>
          <dd>{formatTimestamp(auth.signedInAt)}</dd>
          <dt>Access token</dt>
          <dd>
            <Expiry iso={auth.accessExpiresAt} now={now} />
          </dd>
          <dt>Refresh token</dt>
          <dd>
            <Expiry iso={auth.refreshExpiresAt} now={now} />
          </dd>
        </dl>
      </section>

      <StreamDiagnostics />

      <section className="group" aria-labelledby="diag-storage">
        <h3 id="diag-storage">Secret storage</h3>
        <dl className="kv">
          <dt>Protection</dt>
          <dd>{auth.storage.description}</dd>
          <dt>Backend</dt>
          <dd>
            <code>{auth.storage.backend}</code> via <code>{auth.storage.cipher}</code>
          </dd>
        </dl>
        {auth.storage.weak && (
          <div className="alert warn" role="note" data-testid="weak-storage">
            <strong>Weak protection</strong>
            <p>
              {weakStorageText(auth.storage.backend, auth.storage.description)}
            </p>
          </div>
        )}
      </section>

      <section className="group" aria-labelledby="diag-audit">
        <h3 id="diag-audit">Recent activity</h3>
        {auditError && <p className="error-text">{auditError}</p>}
        {audit === null && !auditError && <p className="muted">Loading…</p>}
        {audit && audit.length === 0 && <p className="muted">Nothing recorded yet.</p>}
        {audit && audit.length > 0 && (
          <div className="audit-scroll">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Result</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{formatTimestamp(e.at)}</td>
                    <td>{e.event}</td>
                    <td>
                      <span className={`outcome ${e.outcome}`}>{e.outcome}</span>
                    </td>
                    <td>{e.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="group" aria-labelledby="diag-copy">
        <h3 id="diag-copy">Share with support</h3>
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy diagnostics
        </button>
        <span className="muted small" role="status">
          {copyState === 'copied' ? ' Copied — amounts, account numbers and tokens are removed.' : ''}
        </span>
        {copyState === 'manual' && (
          <>
            <p className="hint">Your browser blocked the clipboard; select the text below and copy it.</p>
            <textarea className="diag-text" readOnly value={copyText} rows={10} aria-label="Diagnostics text" />
          </>
        )}
      </section>
    </SidePanel>
  );
}
