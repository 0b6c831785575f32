// Whether a CSS media query matches, following changes (a window resized across a breakpoint).
import { useEffect, useState } from 'react';

function matches(query: string): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

export function useMediaQuery(query: string): boolean {
  const [match, setMatch] = useState(() => matches(query));
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia(query);
    const update = (): void => setMatch(mq.matches);
    update();
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, [query]);
  return match;
}

/** Below this width the window uses its compact layout (the breakpoint in compact.css). */
export const COMPACT_QUERY = '(max-width: 999px)';

/** The system asks for less motion: no flashing cells. */
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';
