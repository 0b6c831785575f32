// The Cipher port over Electron's safeStorage ASYNC API (after app `ready`). The cipher id names the OS
// backend that sealed the data ("safeStorage:gnome_libsecret"), so the core notices when it changes.
// Linux without a keyring (basic_text) is weak: the user is asked once whether to store tokens at all;
// declining gives a memory-only cipher whose sealed values are handles that die with the process.
import { randomBytes } from 'node:crypto';
import type { SafeStorage } from 'electron';
import type { SecretStorageInfo } from '../../common/contract';
import { ArbionError } from '../core/errors';
import type { Cipher, Logger } from '../core/ports';
import type { AppStateStore } from './appStateStore';

export type StorageBackend =
  | 'keychain'
  | 'dpapi'
  | 'gnome_libsecret'
  | 'kwallet'
  | 'kwallet5'
  | 'kwallet6'
  | 'basic_text'
  | 'unknown';

export const MEMORY_CIPHER_ID = 'memory:session';

export interface BackendChange {
  from: string;
  to: string;
}

/** A Cipher that also tells the host whether sealed rows survive a restart. */
export interface AppCipher extends Cipher {
  /** False when secrets live in this process only (declined basic_text, or no keyring at all). */
  readonly persistent: boolean;
  /** Set when the backend differs from the one that sealed the stored tokens last time. */
  readonly backendChange: BackendChange | null;
}

export type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend' | 'setUsePlainTextEncryption'
>;

export interface SafeStorageCipherDeps {
  safeStorage: SafeStorageApi;
  platform: NodeJS.Platform;
  state: AppStateStore;
  /** Asked at most once per machine profile, before any token is stored on basic_text. True = store anyway. */
  askWeakStorage: () => Promise<boolean>;
  logger: Logger;
}

const BACKEND_NAMES: Record<string, string> = {
  keychain: 'the macOS Keychain',
  dpapi: 'Windows DPAPI',
  gnome_libsecret: 'the GNOME keyring (libsecret)',
  kwallet: 'KDE Wallet',
  kwallet5: 'KDE Wallet 5',
  kwallet6: 'KDE Wallet 6',
  basic_text: 'no keyring (basic_text)',
  unknown: 'an unidentified key store',
  memory: 'memory only',
};

export function backendName(backend: string): string {
  return BACKEND_NAMES[backend] ?? backend;
}

/** Linux reports its password store; macOS and Windows have exactly one each. */
export function detectBackend(safeStorage: Pick<SafeStorageApi, 'getSelectedStorageBackend'>, platform: NodeJS.Platform): StorageBackend {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  if (platform === 'linux') return safeStorage.getSelectedStorageBackend();
  return 'unknown';
}

/** Words for the Diagnostics panel and the re-sign-in notice when the sealing backend changed. */
export function explainBackendChange(change: BackendChange): string {
  return (
    `Your saved sign-in was sealed with ${backendName(change.from)}, but Arbion now finds ${backendName(change.to)} ` +
    '(a different desktop session, keyring or --password-store setting). The saved tokens cannot be opened with it: ' +
    'sign in again to store them with the current one.'
  );
}

function describe(backend: string, change: BackendChange | null): string {
  const base =
    backend === 'basic_text'
      ? 'No system keyring was found, so tokens are encrypted with a key that is not protected: anyone who can read your files can use them.'
      : backend === 'memory'
        ? 'Tokens are kept in memory only and forgotten when Arbion quits; you sign in again after each restart.'
        : `Tokens are sealed with a key protected by ${backendName(backend)}.`;
  return change ? `${base} ${explainBackendChange(change)}` : base;
}

export async function createSafeStorageCipher(deps: SafeStorageCipherDeps): Promise<AppCipher> {
  const { safeStorage, platform, state, logger } = deps;
  let backend = detectBackend(safeStorage, platform);
  // The backend that sealed what is stored. Written only by a successful seal: a launch under another
  // keyring that seals nothing must not overwrite it, or the next launch would miss the change.
  const recorded = state.get('lastStorageBackend') ?? null;
  const record = (sealedWith: string): void => {
    if (state.get('lastStorageBackend') !== sealedWith) state.set('lastStorageBackend', sealedWith);
  };

  if (backend === 'basic_text') {
    let decision = state.get('weakStorageDecision');
    if (!decision) {
      decision = (await deps.askWeakStorage()) ? 'store' : 'memory-only';
      state.set('weakStorageDecision', decision);
    }
    if (decision === 'memory-only') {
      logger.info('No keyring and the user declined weak storage: tokens stay in memory');
      return createMemoryCipher('declined', recorded, record);
    }
    // Must precede the first async call: the async encryptor reads this when it initialises.
    safeStorage.setUsePlainTextEncryption(true);
  }

  const available = await safeStorage.isAsyncEncryptionAvailable();
  // Some Linux sessions only settle the backend once the encryptor has initialised.
  if (backend === 'unknown' && platform === 'linux') backend = detectBackend(safeStorage, platform);
  if (!available || (backend === 'basic_text' && state.get('weakStorageDecision') !== 'store')) {
    logger.warn('safeStorage is not available: tokens stay in memory', { backend });
    return createMemoryCipher('unavailable', recorded, record);
  }

  // Cleared by the first seal: from then on the stored secrets are this backend's.
  let change: BackendChange | null = recorded && recorded !== backend ? { from: recorded, to: backend } : null;
  if (change) logger.warn('The secret storage backend changed', { from: change.from, to: change.to });
  const id = `safeStorage:${backend}`;
  const info = (): SecretStorageInfo => ({
    cipher: 'safeStorage',
    backend,
    weak: backend === 'basic_text',
    description: describe(backend, change),
  });

  return {
    id,
    persistent: true,
    get backendChange() {
      return change;
    },
    info,
    async seal(plaintext) {
      let sealed: Buffer;
      try {
        sealed = await safeStorage.encryptStringAsync(plaintext);
      } catch (e) {
        throw new ArbionError('CipherUnavailable', `Could not seal a secret with ${backendName(backend)}.`, { cause: e });
      }
      record(backend);
      change = null;
      return sealed;
    },
    async open(sealed) {
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
        if (shouldReEncrypt) logger.info('safeStorage rotated its key; the secret is re-sealed on its next write');
        return result;
      } catch (e) {
        const message = change
          ? explainBackendChange(change)
          : `A saved secret could not be opened with ${backendName(backend)}; sign in again.`;
        throw new ArbionError('CipherMismatch', message, { cause: e });
      }
    },
  };
}

const MEMORY_MAGIC = 'arbion-mem1:';

/**
 * Secrets never leave the process: `seal` returns a random handle (what SQLite stores) and `open` looks it
 * up. After a restart the handles resolve to nothing, so the core sees CipherUnavailable and asks for a
 * sign-in — the "memory only for this session" promise holds without the core writing anything different.
 */
export function createMemoryCipher(
  reason: 'declined' | 'unavailable',
  previousBackend: string | null = null,
  /** Called after each seal, so a later launch under a keyring knows the stored rows are memory handles. */
  recordSeal: (backend: 'memory') => void = () => undefined,
): AppCipher {
  const secrets = new Map<string, string>();
  let change: BackendChange | null = previousBackend && previousBackend !== 'memory' ? { from: previousBackend, to: 'memory' } : null;
  const info: SecretStorageInfo = {
    cipher: 'memory',
    backend: 'memory',
    weak: true,
    description:
      (reason === 'declined'
        ? 'You chose not to store tokens without a system keyring. '
        : 'No system key store is available. ') + describe('memory', null),
  };
  return {
    id: MEMORY_CIPHER_ID,
    persistent: false,
    get backendChange() {
      return change;
    },
    info: () => info,
    async seal(plaintext) {
      const handle = randomBytes(18).toString('base64url');
      secrets.set(handle, plaintext);
      recordSeal('memory');
      change = null;
      return Buffer.from(MEMORY_MAGIC + handle, 'utf8');
    },
    async open(sealed) {
      const text = sealed.toString('utf8');
      const secret = text.startsWith(MEMORY_MAGIC) ? secrets.get(text.slice(MEMORY_MAGIC.length)) : undefined;
      if (secret === undefined) {
        throw new ArbionError('CipherUnavailable', 'Tokens were kept in memory for an earlier session only; sign in again.');
      }
      return secret;
    },
  };
}
