// While a sign-in is under way: what to do in the Schwab tab, a link to reopen it, and the
// "paste the redirected URL" fallback (open at once when no loopback server is listening).
import { useState, type FormEvent } from 'react';
import type { AuthState, SignInStart } from '../../../common/contract';
import { useApi } from '../apiContext';
import { isWebUrl } from '../signInFlow';
import { useBusyAction } from '../hooks/useBusyAction';

export interface SignInProgressProps {
  start: SignInStart | null;
  /** Open the paste form even on the loopback path (e.g. after a timeout). */
  pasteOpen?: boolean;
  onAuth(auth: AuthState): void;
  onRestart(): void;
  compact?: boolean;
}

export function PasteRedirectForm({ onAuth }: { onAuth(auth: AuthState): void }) {
  const api = useApi();
  const [url, setUrl] = useState('');
  const { busy, error, setError, run } = useBusyAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = url.trim();
    if (!value) {
      setError('Paste the address from your browser’s address bar first.');
      return;
    }
    await run(async () => {
      const auth = await api.submitRedirectUrl(value);
      setUrl('');
      onAuth(auth);
    });
  };
  return (
    <form className="paste-form" onSubmit={submit} noValidate>
      <label htmlFor="redirect-url">Redirected address</label>
      <div className="inline-field">
        <input
          id="redirect-url"
          type="url"
          inputMode="url"
          placeholder="https://127.0.0.1:8182/?code=…&session=…"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Finishing…' : 'Finish sign-in'}
        </button>
      </div>
      <p className="hint">
        After approving access, your browser lands on a page that may not load — that is expected. Copy the whole
        address from its address bar; Schwab’s code is only valid for about 30 seconds.
      </p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function SignInProgress({ start, pasteOpen, onAuth, onRestart, compact }: SignInProgressProps) {
  const paste = start?.callback === 'paste' || pasteOpen === true;
  return (
    <div className={`signin-progress${compact ? ' compact' : ''}`}>
      <div className="waiting" role="status">
        <span className="spinner" aria-hidden="true" />
        <div>
          <strong>Waiting for Schwab…</strong>
          <p>
            {start?.opened === false
              ? 'Sign in and approve access in the Schwab tab that just opened.'
              : 'Sign in and approve access in your browser, then come back here.'}
          </p>
          {start?.notice && <p className="notice">{start.notice}</p>}
          <p className="links">
            {start && isWebUrl(start.authorizeUrl) ? (
              <a href={start.authorizeUrl} target="_blank" rel="noopener noreferrer">
                Open the Schwab sign-in page
              </a>
            ) : null}
            <button type="button" className="link-btn" onClick={onRestart}>
              Start over
            </button>
          </p>
        </div>
      </div>
      <details className="paste-details" open={paste}>
        <summary>Paste the redirected URL instead</summary>
        <PasteRedirectForm onAuth={onAuth} />
      </details>
    </div>
  );
}
