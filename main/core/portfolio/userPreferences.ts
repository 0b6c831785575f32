// GET /trader/v1/userPreference once per sign-in, shared by everyone who needs it: the account nicknames and
// the quote stream's streamerInfo both come from the same answer, so a sign-in costs one request, not two.
import type { AccountsClient } from '../schwab/accountsClient';
import type { UserPreference } from '../schwab/schemas';

/** A request still unanswered after this long is given up (the caller may ask again). */
const REQUEST_TIMEOUT_MS = 15_000;

export interface UserPreferences {
  /**
   * The answer for the sign-in that began at `signedInAt` (ms; null: unknown): requested on first use and
   * shared by every later caller of that sign-in. A failed request is forgotten, so a later caller asks again.
   * `signal` abandons this caller's wait only, never the shared request.
   */
  get(signedInAt: number | null, signal?: AbortSignal): Promise<UserPreference>;
  /** Forget the answer (sign-out, switching demo ↔ live). */
  clear(): void;
}

export function createUserPreferences(client: Pick<AccountsClient, 'getUserPreference'>): UserPreferences {
  let memo: { signedInAt: number | null; answer: Promise<UserPreference> } | undefined;

  function request(signedInAt: number | null): Promise<UserPreference> {
    const answer = client.getUserPreference(AbortSignal.timeout(REQUEST_TIMEOUT_MS)).then((res) => res.data);
    const entry = { signedInAt, answer };
    memo = entry;
    answer.catch(() => {
      if (memo === entry) memo = undefined;
    });
    return answer;
  }

  return {
    get(signedInAt, signal) {
      const answer = memo && memo.signedInAt === signedInAt ? memo.answer : request(signedInAt);
      return signal ? untilAborted(answer, signal) : answer;
    },
    clear() {
      memo = undefined;
    },
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
