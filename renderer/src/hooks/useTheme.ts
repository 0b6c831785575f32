// Applies the Settings theme to <html data-theme>; "system" follows the OS and keeps following it.
import { useEffect, useState } from 'react';
import type { Theme } from '../../../common/contract';

export type EffectiveTheme = 'light' | 'dark';

function systemTheme(): EffectiveTheme {
  if (typeof window.matchMedia !== 'function') return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(theme: Theme): EffectiveTheme {
  const [system, setSystem] = useState<EffectiveTheme>(systemTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = (): void => setSystem(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const effective = theme === 'system' ? system : theme;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
