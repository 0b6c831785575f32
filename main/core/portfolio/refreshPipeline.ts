// One refresh, from an AbortSignal to a snapshot (or a thrown ArbionError): the accounts request (with the
// account-number map fetched once per sign-in), normalised in cents, then the quotes request for prices and
// stock names, then the account nicknames. It keeps no snapshot of its own; what to do with the result is
// the caller's business.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Clock } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import type { AccountMap } from '../store/accountMap';
import type { AccountNicknames } from './accountNicknames';
import { signedInAtMs, type AuthGateState } from './authGate';
import { normalizeAccounts } from './normalize';
import type { PositionQuotes } from './positionQuotes';
import type { SymbolNames } from './symbolNames';

export interface RefreshPipelineOptions {
  client: AccountsClient;
  accountMap: AccountMap;
  clock: Clock;
  /** The sign-in now (mode, and when it began). */
  authState: () => AuthGateState;
  symbolNames?: SymbolNames | undefined;
  quotes?: PositionQuotes | undefined;
  accountNicknames?: AccountNicknames | undefined;
}

export interface RefreshPipeline {
  /** Fetches and builds one snapshot (source "live", asOf when the accounts answer arrived). */
  refresh(signal: AbortSignal): Promise<PortfolioSnapshot>;
  /** A new sign-in: fetch the account-number map again on the next refresh. */
  newSignIn(): void;
  /** Forget the stored account map and nicknames (sign-out, switching demo ↔ live). */
  clear(): void;
}

export function createRefreshPipeline(options: RefreshPipelineOptions): RefreshPipeline {
  const { client, accountMap, clock } = options;
  /**
   * accountNumbers is fetched once per sign-in (and again if an unknown account shows up). The mapping is
   * kept in SQLite, so a fresh process (each CLI command) within the same sign-in reuses it.
   */
  let mapFetchedThisSignIn = mapIsFromThisSignIn();

  function mapIsFromThisSignIn(): boolean {
    const fetchedAt = accountMap.fetchedAt();
    if (fetchedAt === null) return false;
    const signedInAt = signedInAtMs(options.authState());
    return signedInAt === null || fetchedAt >= signedInAt;
  }

  async function ensureAccountMap(signal: AbortSignal, force: boolean): Promise<void> {
    if (mapFetchedThisSignIn && !force) return;
    const res = await client.getAccountNumbers(signal);
    accountMap.replace(
      res.data.map((e) => ({ accountNumber: e.accountNumber, hash: e.hashValue })),
      clock.now(),
    );
    mapFetchedThisSignIn = true;
  }

  return {
    async refresh(signal) {
      const auth = options.authState();
      await ensureAccountMap(signal, false);
      // Alongside the accounts request, not before it: names never delay the numbers.
      const nicknames = options.accountNicknames?.ensureFetched(signedInAtMs(auth), clock.now(), signal);
      const res = await client.getAccountsWithPositions(signal);
      if (res.data.some((a) => accountMap.hashFor(a.securitiesAccount.accountNumber) === undefined)) {
        // A newly linked account: refresh the mapping once rather than show a stand-in hash.
        await ensureAccountMap(signal, true);
      }
      let snapshot = normalizeAccounts(res.data, {
        hashFor: (n) => accountMap.hashFor(n),
        asOf: clock.now(),
        source: 'live',
        demo: auth.mode === 'demo',
      });
      if (options.quotes) {
        snapshot = await options.quotes.apply(snapshot, signal);
        if (options.symbolNames) snapshot = options.symbolNames.apply(snapshot);
      } else if (options.symbolNames) {
        await options.symbolNames.lookupMissing(snapshot, signal);
        snapshot = options.symbolNames.apply(snapshot);
      }
      if (options.accountNicknames) {
        await nicknames;
        snapshot = options.accountNicknames.apply(snapshot);
      }
      return snapshot;
    },

    newSignIn() {
      mapFetchedThisSignIn = false;
    },

    clear() {
      accountMap.clear();
      options.accountNicknames?.clear();
      mapFetchedThisSignIn = false;
    },
  };
}
