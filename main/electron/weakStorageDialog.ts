// The one-time question on Linux without a keyring (safeStorage backend basic_text). The safe answer is
// the default: Enter or Escape keeps tokens in memory only.
import type { Dialog } from 'electron';

export const WEAK_STORAGE_BUTTONS = ['Keep in memory only', 'Store anyway'] as const;

export async function askWeakStorageConsent(dialog: Pick<Dialog, 'showMessageBox'>): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Arbion Desktop — no system keyring',
    message: 'Arbion could not find a system keyring to protect your Schwab sign-in.',
    detail:
      'Without a keyring (GNOME Keyring, KDE Wallet), saved tokens are encrypted with a fixed key that any program ' +
      'or person able to read your home folder can undo, and they give read access to your Schwab accounts for up to ' +
      '7 days.\n\n' +
      '"Keep in memory only": you sign in again each time you start Arbion. "Store anyway": the sign-in survives ' +
      'restarts. Diagnostics shows which one is in use; installing and unlocking a keyring makes storage safe.',
    buttons: [...WEAK_STORAGE_BUTTONS],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}
