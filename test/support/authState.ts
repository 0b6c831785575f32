// The one AuthState builder for tests: a complete, signed-in live state (keyring-sealed) that each test
// overrides only where it matters, so a new AuthState field is added here once.
import type { AuthState } from '../../common/contract';

export function buildAuthState(overrides: Partial<AuthState> = {}): AuthState {
  return {
    status: 'signed-in',
    mode: 'live',
    configured: true,
    redirectUri: 'https://127.0.0.1:8182',
    accessExpiresAt: '2026-11-27T21:25:00.000Z',
    refreshExpiresAt: '2026-12-02T14:00:00.000Z',
    signedInAt: '2026-11-25T14:00:00.000Z',
    warning: null,
    reason: null,
    lastError: null,
    storage: {
      cipher: 'safeStorage',
      backend: 'gnome_libsecret',
      weak: false,
      description: 'Sealed with the system keyring (GNOME libsecret).',
    },
    ...overrides,
  };
}
