// Alerts as they cross the contract: the rules a user sets (or the built-ins), the fired-alerts feed, and
// the argument schemas. Numbers are checked loosely here (finite) so the core can answer a bad level, a
// percent outside ±100 or an unknown symbol with a sentence instead of a schema error.
import { z } from 'zod';

export type AlertKind =
  | 'price'
  | 'day-move'
  | 'day-change'
  | 'buying-power'
  | 'margin-call'
  | 'option-expiry'
  | 'option-itm'
  | 'low-buying-power'
  | 'order-status';
export type AlertDirection = 'above' | 'below';

const Finite = z.number().refine(Number.isFinite, 'must be a number');
const Symbol = z.string().max(32);
/** An account hash, or null for the whole portfolio (day change) / any account (buying power). */
const AccountScope = z.string().min(1).max(128).nullable();

export const AlertInputSchema = z.discriminatedUnion('kind', [
  /** The symbol's price (mark) at or beyond `level` dollars. */
  z.object({ kind: z.literal('price'), symbol: Symbol, direction: z.enum(['above', 'below']), level: Finite }).strict(),
  /** The symbol's day move at or beyond `percent` (signed: +3 means up 3 % or more, −3 down 3 % or more). */
  z.object({ kind: z.literal('day-move'), symbol: Symbol, percent: Finite }).strict(),
  /** The portfolio's or one account's day change at or beyond a signed percent or dollar amount. */
  z
    .object({ kind: z.literal('day-change'), account: AccountScope, measure: z.enum(['percent', 'amount']), value: Finite })
    .strict(),
  /** Buying power (of one account, or of any margin account) below `level` dollars. */
  z.object({ kind: z.literal('buying-power'), account: AccountScope, level: Finite }).strict(),
]);
export type AlertInput = z.infer<typeof AlertInputSchema>;

/** The built-ins exist in every data folder, on by default; they can be turned off, not removed. */
export interface BuiltinAlertParams {
  'margin-call': Record<string, never>;
  /** An option position expiring within `days` calendar days (New York), once a day. */
  'option-expiry': { days: number };
  /** An option position whose underlying crosses its strike into the money (call: at or above; put: at or below). */
  'option-itm': Record<string, never>;
  /** Any account's buying power below `level` dollars the user set; below $0 while it is null. */
  'low-buying-power': { level: number | null };
  /** An order filled or rejected, seen across the activity syncs of this run; once per order. */
  'order-status': Record<string, never>;
}

export type AlertRuleSpec =
  | AlertInput
  | { kind: 'margin-call' }
  | { kind: 'option-expiry'; days: number }
  | { kind: 'option-itm' }
  | { kind: 'low-buying-power'; level: number | null }
  | { kind: 'order-status' };

/** A built-in's level: dollars (loosely checked here, so the core can name a bad one), or null for its default. */
export const AlertLevelSchema = Finite.nullable();

export interface AlertRuleView {
  id: number;
  /** What the rule watches, in words ("AAPL above $150.00"). */
  label: string;
  enabled: boolean;
  builtin: boolean;
  createdAt: string;
  spec: AlertRuleSpec;
}

export interface FiredAlertView {
  id: number;
  ruleId: number;
  at: string;
  title: string;
  /** Without dollar amounts while privacy mode is on. */
  body: string;
  /** False when quiet hours or the once-per-5-minutes limit kept it from the OS notification. */
  notified: boolean;
  seen: boolean;
}

/** The window's alert list: recent fired alerts, newest first, and how many are unseen. */
export interface AlertFeed {
  recent: FiredAlertView[];
  unseen: number;
}

export const AlertIdSchema = z.number().int().positive();
/** "HH:MM" on the local clock. */
export const QuietTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
