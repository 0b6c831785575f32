// App Key, Secret and callback URL of the trader's Schwab developer app. The secret goes to the vault and is
// never shown again: the field is never pre-filled and is cleared as soon as it is saved.
import { useState, type FormEvent } from 'react';
import type { AuthState } from '../../../common/contract';
import { useApi } from '../apiContext';
import { useBusyAction } from '../hooks/useBusyAction';

export const DEFAULT_CALLBACK = 'https://127.0.0.1:8182';

/** The user's own App Key and Secret are saved (the demo's sandbox app never counts). */
export function hasOwnCredentials(auth: AuthState): boolean {
  return auth.mode === 'live' && auth.configured;
}

export function CredentialsForm({
  auth,
  onSaved,
  onCancel,
}: {
  auth: AuthState;
  onSaved(auth: AuthState): void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [redirectUri, setRedirectUri] = useState(auth.redirectUri ?? DEFAULT_CALLBACK);
  const { busy, error, setError, run } = useBusyAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const callback = redirectUri.trim();
    if (!clientId.trim() || !clientSecret.trim()) {
      setError('Enter both the App Key and the Secret.');
      return;
    }
    if (!/^https:\/\/[^\s]+$/i.test(callback)) {
      setError('The callback URL must start with https:// and match your Schwab app exactly.');
      return;
    }
    await run(async () => {
      const next = await api.setCredentials({ clientId: clientId.trim(), clientSecret: clientSecret.trim(), redirectUri: callback });
      setClientSecret('');
      setClientId('');
      onSaved(next);
    });
  };

  return (
    <form className="credentials-form" onSubmit={submit} noValidate aria-label="Schwab app credentials">
      <div className="field">
        <label htmlFor="app-key">App Key</label>
        <input
          id="app-key"
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="32 characters from your app’s page"
        />
      </div>
      <div className="field">
        <label htmlFor="app-secret">Secret</label>
        <input
          id="app-secret"
          type="password"
          value={clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
          autoComplete="new-password"
          spellCheck={false}
          placeholder={hasOwnCredentials(auth) ? 'Saved — enter a new one to replace it' : '16 characters'}
        />
      </div>
      <div className="field">
        <label htmlFor="callback-url">Callback URL</label>
        <input
          id="callback-url"
          type="url"
          value={redirectUri}
          onChange={(e) => setRedirectUri(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <p className="hint">Must match the callback registered with your app, byte for byte.</p>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save credentials'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="hint">
        {auth.storage.description} The secret is never shown again, here or anywhere else.
      </p>
    </form>
  );
}
