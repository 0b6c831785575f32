// Ctrl+Shift+P (Cmd+Shift+P on macOS) toggles privacy mode from anywhere in the window.
import { useEffect } from 'react';

export const PRIVACY_SHORTCUT_LABEL =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⇧P' : 'Ctrl+Shift+P';

export function isPrivacyShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'p';
}

export function usePrivacyShortcut(toggle: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isPrivacyShortcut(e)) return;
      e.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
}
