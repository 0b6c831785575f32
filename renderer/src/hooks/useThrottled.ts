// A value that follows another at most once per interval, through the shared leading throttle: the first
// change after a quiet interval at once, later ones together at the interval's end (the newest wins). The
// figures around the positions table follow the stream this way, so most frames re-lay out only the table.
import { useEffect, useRef, useState } from 'react';
import { createLeadingThrottle, type ThrottleTimers } from '../../../common/leadingThrottle';

// Looked up at each call, so a test's fake timers are the ones used.
const windowTimers: ThrottleTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const [throttle] = useState(() => createLeadingThrottle(windowTimers, intervalMs, () => setShown(latest.current)));
  useEffect(() => () => throttle.cancel(), [throttle]);
  useEffect(() => {
    if (Object.is(latest.current, value)) return;
    latest.current = value;
    throttle.trigger();
  }, [value, throttle]);
  return shown;
}
