// `--account NUMBER|HASH|LAST4`: picks one account of a snapshot. Matched against the full numbers (which
// stay in this process); the error lists the masked numbers only.
import type { AccountView } from '../../common/contract';
import { ArbionError } from '../core/errors';

/** Digits a user may type to mean "the account ending in …" (the display form "…4410" included). */
const SUFFIX = /^(?:…|\.{3})?\s*(\d{3,})$/;

export function selectAccount(accounts: AccountView[], selector: string): AccountView {
  const wanted = selector.trim();
  const exact = accounts.find((a) => a.accountNumber === wanted || a.hash === wanted);
  if (exact) return exact;
  const digits = SUFFIX.exec(wanted)?.[1];
  const matches = digits ? accounts.filter((a) => a.accountNumber.endsWith(digits)) : [];
  const known = accounts.map((a) => a.displayNumber).join(', ') || 'none';
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ArbionError('BadRequest', `--account ${wanted} matches ${matches.length} accounts (${matches.map((a) => a.displayNumber).join(', ')}); give more digits or the account hash.`);
  }
  // Echo only what cannot be a full account number.
  const shown = digits ? `…${digits.slice(-4)}` : wanted.length <= 4 ? `"${wanted}"` : 'that value';
  throw new ArbionError('NotFound', `No account matches --account ${shown} (give the last 4 digits, the full number or the hash). Accounts: ${known}.`);
}
