// Account nicknames and kinds from GET /trader/v1/userPreference: what the user named each account at Schwab
// ("Individual", "Roth Contributory IRA"), so cards, the tray and the CLI say more than "…4410". Fetched once
// per sign-in through the same HTTP client (and so the same rate limiter) as every other request, bounded in
// time, and never allowed to fail a refresh: without an answer the accounts keep their numbers.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Logger } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import type { AccountPreferenceStore } from '../store/accountPreferenceStore';
import { createUserPreferences, type UserPreferences } from './userPreferences';

/** The numbers must not wait on names: a slow lookup is abandoned after this long. */
const LOOKUP_BUDGET_MS = 3_000;

export interface AccountNicknames {
  /**
   * Fetches userPreference unless the stored answer was fetched since `signedInAt` (ms; null: unknown sign-in
   * time, so any stored answer will do). Resolves to true when a request was made and answered.
   */
  ensureFetched(signedInAt: number | null, now: number, signal?: AbortSignal): Promise<boolean>;
  /** The snapshot with the stored nickname and kind on each account (the same object when nothing changes). */
  apply(snapshot: PortfolioSnapshot): PortfolioSnapshot;
  /** Forget the stored names (sign-out, switching demo ↔ live). */
  clear(): void;
}

export function createAccountNicknames(options: {
  client: AccountsClient;
  store: AccountPreferenceStore;
  logger: Logger;
  /** The sign-in's one userPreference request, shared with the quote stream (default: one of its own). */
  preferences?: UserPreferences;
}): AccountNicknames {
  const { store, logger } = options;
  const preferences = options.preferences ?? createUserPreferences(options.client);
  /** The sign-in whose lookup already failed: not retried on every refresh of that sign-in. */
  let failedFor: number | null | undefined;

  return {
    async ensureFetched(signedInAt, now, signal) {
      const fetchedAt = store.fetchedAt();
      if (fetchedAt !== null && (signedInAt === null || fetchedAt >= signedInAt)) return false;
      if (failedFor === signedInAt) return false;
      try {
        const budget = AbortSignal.timeout(LOOKUP_BUDGET_MS);
        const data = await preferences.get(signedInAt, signal ? AbortSignal.any([signal, budget]) : budget);
        store.replace(
          data.accounts.map((a) => ({
            accountNumber: a.accountNumber,
            nickname: a.nickName?.trim() || null,
            kind: a.type?.trim() || null,
            displayId: a.displayAcctId ?? null,
          })),
          now,
        );
        failedFor = undefined;
        return true;
      } catch (e) {
        if (signal?.aborted) return false;
        failedFor = signedInAt;
        logger.warn('account nickname lookup failed; accounts keep their numbers', { error: e });
        return false;
      }
    },

    apply(snapshot) {
      let changed = false;
      const accounts = snapshot.accounts.map((a) => {
        const pref = store.get(a.accountNumber);
        if (!pref || (!pref.nickname && !pref.kind)) return a;
        changed = true;
        return { ...a, ...(pref.nickname ? { nickname: pref.nickname } : {}), ...(pref.kind ? { kind: pref.kind } : {}) };
      });
      return changed ? { ...snapshot, accounts } : snapshot;
    },

    clear() {
      store.clear();
      preferences.clear();
      failedFor = undefined;
    },
  };
}
