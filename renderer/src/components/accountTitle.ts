// How the window names an account: the nickname the user gave it in Schwab when known, then the last digits
// and what kind of account it is ("Individual · …4410 · Brokerage · MARGIN", "…7702 · CASH").
import type { AccountView } from '../../../common/contract';

type Named = Pick<AccountView, 'displayNumber' | 'type' | 'nickname' | 'kind'>;

/** Schwab's userPreference kind in words ("BROKERAGE" → "Brokerage"). */
function kindText(kind: string): string {
  return kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** The nickname, or the last digits when the account has none. */
export function accountName(a: Named): string {
  return a.nickname ?? a.displayNumber;
}

/** What goes under the name: the digits (when the name is a nickname), Schwab's kind and the margin type. */
export function accountSubtitle(a: Named): string {
  const parts = a.nickname ? [a.displayNumber] : [];
  if (a.kind) parts.push(kindText(a.kind));
  parts.push(a.type);
  return parts.join(' · ');
}

export function accountTitle(a: Named): string {
  return `${accountName(a)} · ${accountSubtitle(a)}`;
}
