// Loads the Schwab account samples in test/fixtures/schwab/ as validated Account[] (same schema as the client).
import fs from 'node:fs';
import path from 'node:path';
import { AccountsSchema, type Account } from '../../../main/core/schwab/schemas';

export const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/schwab');

export const ACCOUNT_FIXTURES = [
  'account-cash-covered-call-short-option.json',
  'account-cash-with-positions.json',
  'account-margin-with-option-positions.json',
  'account-margin-with-positions.json',
  'accounts-margin-no-positions.json',
  'accounts-margin-with-option-position.json',
] as const;

export function readFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, name), 'utf8'));
}

/** Single-account samples are wrapped in an array, as GET /trader/v1/accounts returns them. */
export function loadAccounts(name: string): Account[] {
  const raw = readFixture(name);
  return AccountsSchema.parse(Array.isArray(raw) ? raw : [raw]);
}
