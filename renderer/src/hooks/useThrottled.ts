// A value that follows another at most once per interval: the first change after a quiet interval at once,
// later ones together at the interval's end (the newest wins). The figures around the positions table follow
// the stream this way, four times a second, so most frames re-lay out only the table's own box.
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(-Infinity);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = (): void => {
      lastShownAt.current = Date.now();
      setShown(value);
    };
    const wait = lastShownAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
