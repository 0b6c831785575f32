// Sign-in orchestration for every host: build the authorize URL, serve the loopback callback (or take a
// pasted URL), exchange the code, seal the tokens, keep the audit trail and the observable state.
import type { AuthState, Credentials, SignInStart } from '../../../common/contract';
import {
  isLoopbackRedirect,
  loadConfig as loadConfigFromVault,
  requireCredentials,
  resolveConfig,
  validateRedirectUri,
  type ArbionConfig,
  type ConfiguredCredentials,
} from '../config';
import { ArbionError, toArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { registerSecret } from '../log/redact';
import { systemClock, type Clock, type Logger, type Opener } from '../ports';
import { AUDIT_EVENTS, type AuditLog } from '../store/auditLog';
import type { TokenVault } from '../store/tokenVault';
import { AuthStateObservable, userFacing, type AuthContext } from './authState';
import { buildAuthorizeUrl } from './authorizeUrl';
import { judgePastedRedirectUrl } from './callbackParser';
import { DEFAULT_LOGIN_TIMEOUT_MS, startLoopbackServer, type LoopbackServer } from './loopbackServer';
import { StateStore } from './stateStore';
import { TokenClient } from './tokenClient';
import { REFRESH_TOKEN_LIFETIME_MS, TokenManager } from './tokenManager';

export interface AuthServiceOptions {
  vault: TokenVault;
  audit: AuditLog;
  opener: Opener;
  /** Environment for config resolution (environment wins over values saved from Settings). */
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  mode?: 'demo' | 'live';
  /** Replaces env+vault config resolution (demo mode hands in the sandbox's values). */
  loadConfig?: () => Promise<ArbionConfig>;
  fetch?: typeof globalThis.fetch;
  /** How long the loopback server waits for the callback. Default 300 s. */
  loginTimeoutMs?: number;
}

export interface SignInOptions {
  /** Skip the loopback server; the user pastes the redirected URL (submitRedirectUrl). */
  manual?: boolean;
  /** Open the system browser through the Opener port. Default true. */
  openBrowser?: boolean;
  timeoutMs?: number;
  /** A callback request was refused but the sign-in goes on (wrong state, missing code …). */
  onRejected?: (error: ArbionError) => void;
}

interface PendingSignIn {
  credentials: ConfiguredCredentials;
  loopback: LoopbackServer | null;
  done: boolean;
  completion: Promise<AuthState>;
  resolve: (s: AuthState) => void;
  reject: (e: ArbionError) => void;
}

export class AuthService {
  readonly tokens: TokenManager;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly states: StateStore;
  private readonly state: AuthStateObservable;
  private readonly loadConfigFn: () => Promise<ArbionConfig>;
  private pending: PendingSignIn | null = null;

  private constructor(
    private readonly options: AuthServiceOptions,
    context: AuthContext,
    initialError: ArbionError | null,
  ) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? silentLogger).child('auth');
    this.states = new StateStore(this.clock);
    this.loadConfigFn = options.loadConfig ?? (() => loadConfigFromVault(options.env, options.vault));
    this.state = new AuthStateObservable(() => options.vault.meta(), context, this.clock);
    if (initialError) this.state.setSession({ lastError: userFacing(initialError) });
    this.tokens = new TokenManager({
      vault: options.vault,
      audit: options.audit,
      clock: this.clock,
      logger: options.logger ?? silentLogger,
      client: async () => this.tokenClient(requireCredentials(await this.config())),
      onChange: () => this.state.update(),
    });
  }

  static async create(options: AuthServiceOptions): Promise<AuthService> {
    const load = options.loadConfig ?? (() => loadConfigFromVault(options.env, options.vault));
    let config: ArbionConfig | null = null;
    let error: ArbionError | null = null;
    try {
      config = await load();
    } catch (e) {
      error = toArbionError(e);
    }
    const context: AuthContext = {
      mode: options.mode ?? 'live',
      configured: Boolean(config?.clientId && config.clientSecret),
      redirectUri: config?.redirectUri ?? null,
      storage: options.vault.storage,
    };
    return new AuthService(options, context, error);
  }

  /** Current config (env merged with Settings). Throws ConfigInvalid for a malformed value. */
  config(): Promise<ArbionConfig> {
    return this.loadConfigFn();
  }

  getState(): AuthState {
    return this.state.update();
  }

  onState(cb: (s: AuthState) => void): () => void {
    return this.state.subscribe(cb);
  }

  /**
   * Start a sign-in: returns the authorize URL and how the callback will arrive. With a loopback callback
   * the sign-in completes by itself (waitForSignIn); otherwise the host calls submitRedirectUrl.
   */
  async signIn(options: SignInOptions = {}): Promise<SignInStart> {
    let credentials: ConfiguredCredentials;
    try {
      credentials = requireCredentials(await this.config());
      this.refreshContext(credentials);
    } catch (e) {
      const error = toArbionError(e);
      this.options.audit.append(AUDIT_EVENTS.signInFailed, 'fail', `${error.code}: ${error.message}`);
      this.state.setSession({ signingIn: false, lastError: userFacing(error) });
      throw error;
    }
    await this.cancelSignIn('A new sign-in was started.');

    const state = this.states.issue();
    const authorizeUrl = buildAuthorizeUrl({
      apiBaseUrl: credentials.apiBaseUrl,
      clientId: credentials.clientId,
      redirectUri: credentials.redirectUri,
      state,
    });
    const pending = this.newPending(credentials);

    let notice: string | null = null;
    if (!options.manual && isLoopbackRedirect(credentials.redirectUri)) {
      try {
        pending.loopback = await startLoopbackServer({
          redirectUri: credentials.redirectUri,
          states: this.states,
          timeoutMs: options.timeoutMs ?? this.options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
          clock: this.clock,
          logger: this.options.logger ?? silentLogger,
          exchange: (code) => this.exchange(code, pending, false),
          onRejected: (e) => {
            this.log.warn('sign-in callback refused', { code: e.code });
            options.onRejected?.(e);
          },
        });
        pending.loopback.result.then(
          () => undefined,
          (e: unknown) => this.failPending(pending, toArbionError(e)),
        );
      } catch (e) {
        const error = toArbionError(e);
        if (error.code !== 'PortBusy') {
          this.failPending(pending, error);
          throw error;
        }
        notice = error.message;
      }
    } else if (!options.manual) {
      notice = `The callback URL ${credentials.redirectUri} is not on this computer: after signing in, paste the address your browser lands on.`;
    }

    this.options.audit.append(
      AUDIT_EVENTS.signInStarted,
      'info',
      pending.loopback ? `loopback callback on port ${pending.loopback.port}` : 'paste callback',
    );
    this.state.setSession({ signingIn: true, lastError: null });

    let opened = false;
    if (options.openBrowser !== false) {
      try {
        opened = await this.options.opener.open(authorizeUrl);
      } catch (e) {
        this.log.warn('could not open the browser', { error: e });
      }
    }
    return { authorizeUrl, callback: pending.loopback ? 'loopback' : 'paste', opened, notice };
  }

  /** Resolves when the current sign-in completes (loopback or paste); rejects with its error. */
  waitForSignIn(): Promise<AuthState> {
    if (!this.pending) {
      return Promise.reject(new ArbionError('NotSignedIn', 'No sign-in is in progress.'));
    }
    return this.pending.completion;
  }

  /** The paste fallback: the full URL the browser landed on after Schwab's consent page. */
  async submitRedirectUrl(url: string): Promise<AuthState> {
    const pending = this.pending;
    if (!pending || pending.done) {
      throw new ArbionError('CallbackStateMismatch', 'No sign-in is waiting for this URL. Start the sign-in again.');
    }
    const verdict = judgePastedRedirectUrl(url, pending.credentials.redirectUri, this.states);
    if (!verdict.ok) {
      // Schwab's own error (e.g. access_denied) ends the sign-in; a wrong paste may be retried.
      if (verdict.final) this.failPending(pending, verdict.error);
      throw verdict.error;
    }
    try {
      await this.exchange(verdict.code, pending, true);
    } catch (e) {
      const error = toArbionError(e);
      this.failPending(pending, error);
      throw error;
    }
    return pending.completion;
  }

  async cancelSignIn(message = 'Sign-in was cancelled.'): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.states.revokeAll();
    if (!pending.done) {
      pending.done = true;
      pending.reject(new ArbionError('LoginCancelled', message));
      this.state.setSession({ signingIn: false });
    }
    if (this.pending === pending) this.pending = null;
    await pending.loopback?.close();
  }

  /** Wipe the sealed tokens (whichever cipher sealed them) and record it. Credentials stay. */
  async signOut(): Promise<AuthState> {
    await this.cancelSignIn('Signed out.');
    const hadTokens = this.options.vault.meta().status !== 'signed-out';
    this.options.vault.clearTokens();
    this.options.audit.append(AUDIT_EVENTS.signOut, 'ok', hadTokens ? 'tokens wiped' : 'was not signed in');
    this.state.setSession({ signingIn: false, lastError: null });
    return this.state.update();
  }

  /** Save App Key / Secret / callback URL from Settings. The secret is sealed; a new App Key signs out. */
  async setCredentials(credentials: Credentials): Promise<AuthState> {
    const redirectUri = validateRedirectUri(credentials.redirectUri, 'Callback URL');
    // Same format rules as the environment values.
    resolveConfig({}, { clientId: credentials.clientId, clientSecret: credentials.clientSecret, redirectUri });
    const before = await this.config().catch(() => null);
    await this.options.vault.setSecret('client_secret', credentials.clientSecret.trim(), { replaceForeign: true });
    this.options.vault.setConfig('client_id', credentials.clientId.trim());
    this.options.vault.setConfig('redirect_uri', redirectUri);
    const after = await this.config();
    this.options.audit.append(AUDIT_EVENTS.credentialsSaved, 'ok', `callback ${redirectUri}`);
    if (before?.clientId && after.clientId !== before.clientId && this.options.vault.meta().status !== 'signed-out') {
      // Tokens belong to the app that issued them; they cannot be refreshed with another App Key.
      this.options.vault.clearTokens();
      this.options.audit.append(AUDIT_EVENTS.signOut, 'ok', 'App Key changed; tokens wiped');
    }
    this.refreshContext(after);
    this.state.setSession({ lastError: null });
    return this.state.update();
  }

  async dispose(): Promise<void> {
    await this.cancelSignIn('Arbion is closing.');
    this.state.dispose();
  }

  private refreshContext(config: { clientId: string | null; clientSecret: string | null; redirectUri: string }): void {
    this.state.setContext({ configured: Boolean(config.clientId && config.clientSecret), redirectUri: config.redirectUri });
  }

  private tokenClient(credentials: ConfiguredCredentials): TokenClient {
    return new TokenClient({
      apiBaseUrl: credentials.apiBaseUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      logger: this.options.logger ?? silentLogger,
    });
  }

  private newPending(credentials: ConfiguredCredentials): PendingSignIn {
    let resolve!: (s: AuthState) => void;
    let reject!: (e: ArbionError) => void;
    const completion = new Promise<AuthState>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    completion.catch(() => undefined);
    const pending: PendingSignIn = { credentials, loopback: null, done: false, completion, resolve, reject };
    this.pending = pending;
    return pending;
  }

  /** Code → tokens → vault. Runs once per sign-in (the state was consumed before we get here). */
  private async exchange(code: string, pending: PendingSignIn, closeLoopback: boolean): Promise<void> {
    registerSecret(code, 'auth-code');
    if (pending.done) throw new ArbionError('LoginCancelled', 'This sign-in is no longer active.');
    const { credentials } = pending;
    const response = await this.tokenClient(credentials).exchangeCode(code, credentials.redirectUri);
    const now = this.clock.now();
    await this.options.vault.saveTokens({
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      scope: response.scope ?? null,
      signedInAt: now,
      accessExpiresAt: now + response.expires_in * 1000,
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
      refreshedAt: null,
    });
    this.options.audit.append(
      AUDIT_EVENTS.signInCompleted,
      'ok',
      `signed in; sign in again before ${new Date(now + REFRESH_TOKEN_LIFETIME_MS).toISOString()}`,
    );
    this.log.info('signed in');
    pending.done = true;
    this.state.setSession({ signingIn: false, lastError: null });
    pending.resolve(this.state.update());
    if (this.pending === pending) this.pending = null;
    // The paste path won the race against a still-open loopback server (the loopback path closes itself
    // after answering the browser).
    if (closeLoopback) void pending.loopback?.close();
  }

  private failPending(pending: PendingSignIn, error: ArbionError): void {
    if (pending.done) return;
    pending.done = true;
    this.options.audit.append(AUDIT_EVENTS.signInFailed, 'fail', `${error.code}: ${error.message}`);
    this.log.warn('sign-in failed', { code: error.code });
    this.state.setSession({ signingIn: false, lastError: userFacing(error) });
    pending.reject(error);
    if (this.pending === pending) this.pending = null;
    void pending.loopback?.close();
  }
}
