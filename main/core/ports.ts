// Everything the core needs from the outside world, handed in at one composition root
// (main/core/api/createCore.ts). Tests pass real implementations where they can, fakes for clock and OS.
import type { SecretStorageInfo, Settings, SettingsPatch } from '../../common/contract';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Seals secrets before they reach SQLite. `id` is recorded with every sealed row. */
export interface Cipher {
  readonly id: string;
  info(): SecretStorageInfo;
  seal(plaintext: string): Promise<Buffer>;
  open(sealed: Buffer): Promise<string>;
}

/** Opens a URL in the user's browser (system browser in the app, nothing in tests). */
export interface Opener {
  open(url: string): Promise<boolean>;
}

export interface Notifier {
  notify(title: string, body: string): void;
}

export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** Bearer tokens for the Schwab client, implemented by the auth token manager. */
export interface AccessTokenSource {
  /** A valid access token, refreshed first when less than the buffer (5 min) remains. */
  getAccessToken(): Promise<string>;
  /**
   * Called after a 401 for `rejected`. Single-flight: concurrent callers share one refresh.
   * Resolves to a fresh token, or throws ReauthRequired / a transient error.
   */
  refreshAfterUnauthorized(rejected: string): Promise<string>;
}

/** The embedded sandbox as the core sees it (the core may not import main/sandbox; hosts hand this in). */
export interface DemoBackend {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The sandbox's order events (created, executed, filled): a trigger to re-read, never a source of numbers. */
  onAccountActivity?(listener: () => void): () => void;
  close(): Promise<void>;
}
export interface DemoBackendOptions {
  /** Callback URL the demo sign-in uses (registered with the sandbox); default https://127.0.0.1:8182. */
  redirectUri?: string;
}
export type DemoBackendFactory = (options?: DemoBackendOptions) => Promise<DemoBackend>;
