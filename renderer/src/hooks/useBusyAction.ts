// One async action a form or button runs: busy while it runs, its failure as a sentence, cleared on the
// next try. A check that fails before anything is sent sets the error directly (`setError`).
import { useCallback, useState } from 'react';
import { errorMessage } from '../format/errorMessage';

export interface BusyAction {
  busy: boolean;
  error: string | null;
  setError(message: string | null): void;
  /** Runs `work` unless one is running; resolves true when it succeeded. */
  run(work: () => Promise<void>): Promise<boolean>;
}

export function useBusyAction(): BusyAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
