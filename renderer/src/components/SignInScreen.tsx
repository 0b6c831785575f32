// First run (and after signing out): how to register a Schwab app, the credentials form, "Connect to Schwab",
// the paste fallback, and the demo. Errors from the last attempt are explained in trader's words.
import { useState } from 'react';
import type { AuthState, SignInStart } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { callbackPortWarning } from '../../../common/config/callbackPort';
import { CredentialsForm, DEFAULT_CALLBACK, hasOwnCredentials } from './CredentialsForm';
import { LogoMark } from './icons';
import { signInErrorText } from './signInErrors';
import { PasteRedirectForm, SignInProgress } from './SignInProgress';

export interface SignInScreenProps {
  auth: AuthState;
  start: SignInStart | null;
  onAuth(auth: AuthState): void;
  onConnect(): Promise<void>;
}

export function SignInScreen({ auth, start, onAuth, onConnect }: SignInScreenProps) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'connect' | 'demo' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastError = auth.lastError ? signInErrorText(auth.lastError) : null;
  // The demo's sandbox app is not the user's: only a live App Key and Secret count as saved.
  const ownApp = hasOwnCredentials(auth);
  const showForm = !ownApp || editing || lastError?.offerCredentials === true;
  const portWarning = auth.redirectUri ? callbackPortWarning(auth.redirectUri) : null;
  const signingIn = auth.status === 'signing-in';

  const connect = async (): Promise<void> => {
    setBusy('connect');
    setError(null);
    try {
      await onConnect();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const demo = async (): Promise<void> => {
    setBusy('demo');
    setError(null);
    try {
      onAuth(await api.startDemo());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="signin-screen">
      <div className="signin-card">
        <header className="signin-brand">
          <LogoMark />
          <div>
            <h1>Arbion</h1>
            <p className="muted">Your Schwab accounts, balances and positions — live and read-only.</p>
          </div>
        </header>

        {lastError && !signingIn && (
          <div className="alert danger" role="alert" data-testid="signin-error">
            <strong>{lastError.title}</strong>
            <p>{lastError.advice}</p>
          </div>
        )}
        {portWarning && !signingIn && (
          <div className="alert warn" role="status" data-testid="callback-port-warning">
            <strong>Callback port</strong>
            <p>{portWarning}</p>
          </div>
        )}
        {error && (
          <div className="alert danger" role="alert">
            <strong>That did not work</strong>
            <p>{error}</p>
          </div>
        )}

        {signingIn ? (
          <SignInProgress
            start={start}
            pasteOpen={start === null}
            onAuth={onAuth}
            onRestart={() => void connect()}
          />
        ) : (
          <div className="signin-columns">
            <section className="signin-explain" aria-labelledby="register-title">
              <h2 id="register-title">Connect your own Schwab app</h2>
              <p>
                Schwab lets individuals read their accounts through a personal developer app. It takes a few minutes and
                only needs doing once.
              </p>
              <ol className="steps">
                <li>
                  Sign in at <strong>developer.schwab.com</strong> and create an app with the{' '}
                  <em>Accounts and Trading Production</em> and <em>Market Data Production</em> products.
                </li>
                <li>
                  Set its callback URL to <code>{auth.redirectUri ?? DEFAULT_CALLBACK}</code> exactly.
                </li>
                <li>
                  Wait until the app shows <em>Ready For Use</em>, then copy its <strong>App Key</strong> and{' '}
                  <strong>Secret</strong> here.
                </li>
              </ol>
              <p className="muted small">
                Arbion never places orders. Schwab asks you to sign in again every 7 days.
              </p>
            </section>

            <section className="signin-form" aria-labelledby="connect-title">
              <h2 id="connect-title">Your app</h2>
              {showForm ? (
                <CredentialsForm
                  auth={auth}
                  onSaved={(a) => {
                    setEditing(false);
                    onAuth(a);
                  }}
                  onCancel={ownApp ? () => setEditing(false) : undefined}
                />
              ) : (
                <div className="saved-credentials">
                  <p>
                    <span className="ok-mark" aria-hidden="true">
                      ✓
                    </span>{' '}
                    App Key and Secret saved · callback <code>{auth.redirectUri ?? DEFAULT_CALLBACK}</code>
                  </p>
                  <button type="button" className="link-btn" onClick={() => setEditing(true)}>
                    Change
                  </button>
                </div>
              )}
              <button
                type="button"
                className="btn primary wide"
                onClick={() => void connect()}
                disabled={!ownApp || busy !== null}
              >
                {busy === 'connect' ? 'Opening Schwab…' : 'Connect to Schwab'}
              </button>
              {lastError?.offerPaste && ownApp && (
                <details className="paste-details" open>
                  <summary>Paste the redirected URL instead</summary>
                  <PasteRedirectForm onAuth={onAuth} />
                </details>
              )}
              <div className="or">
                <span>or</span>
              </div>
              <button type="button" className="btn wide" onClick={() => void demo()} disabled={busy !== null}>
                {busy === 'demo' ? 'Starting the demo…' : 'Try the demo'}
              </button>
              <p className="hint center">A simulated Schwab account on this computer — no credentials needed.</p>
            </section>
          </div>
        )}
      </div>
    </main>
  );
}
