// Change-only merging: Schwab sends a key's full quote once, then only the fields that changed. Each field
// remembers the frame time that set it, so a frame that arrives late (out of order) cannot overwrite a
// newer value, yet still fills the fields the newer frame did not carry; a duplicate changes nothing.
import { toCents } from '../portfolio/money';
import { fieldsOf, type FieldCheck } from './levelOneFields';
import type { IgnoredInput, QuoteField, QuoteKind, QuoteUpdate } from './quoteStream';

type Value = number | string;
interface Entry {
  kind: QuoteKind;
  values: Map<QuoteField, Value>;
  stamps: Map<QuoteField, number>;
}

export type MergeResult = { update?: QuoteUpdate; ignored: IgnoredInput[] };

function check(raw: unknown, how: FieldCheck): Value | undefined {
  if (how === 'text') return typeof raw === 'string' ? raw : undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return undefined;
  switch (how) {
    case 'price':
      return raw > 0 ? toCents(raw) : undefined;
    case 'money':
      return toCents(raw);
    case 'count':
    case 'time':
      return raw >= 0 && (how === 'count' || raw > 0) ? raw : undefined;
    default:
      return raw;
  }
}

export class QuoteCache {
  private readonly entries = new Map<string, Entry>();

  /** Merges one content entry (numbered fields) sent at `timestampMs`; an update when anything changed. */
  merge(kind: QuoteKind, symbol: string, content: Record<string, unknown>, timestampMs: number): MergeResult {
    let entry = this.entries.get(symbol);
    if (!entry || entry.kind !== kind) {
      entry = { kind, values: new Map(), stamps: new Map() };
      this.entries.set(symbol, entry);
    }
    const ignored: IgnoredInput[] = [];
    const changed: QuoteField[] = [];
    for (const [number, spec] of fieldsOf(kind)) {
      const raw = content[String(number)];
      if (raw === undefined) continue;
      const value = check(raw, spec.check);
      if (value === undefined) {
        ignored.push(spec.check === 'price' ? 'bad-price' : 'bad-field');
        continue;
      }
      const stamp = entry.stamps.get(spec.field);
      if (stamp !== undefined && stamp > timestampMs) continue;
      entry.stamps.set(spec.field, timestampMs);
      if (entry.values.get(spec.field) === value) continue;
      entry.values.set(spec.field, value);
      changed.push(spec.field);
    }
    if (changed.length === 0) return { ignored };
    return { update: this.view(symbol, entry, changed), ignored };
  }

  /** The merged quote, or undefined before the first frame. */
  get(symbol: string): QuoteUpdate | undefined {
    const entry = this.entries.get(symbol);
    return entry ? this.view(symbol, entry, []) : undefined;
  }

  delete(symbol: string): void {
    this.entries.delete(symbol);
  }

  private view(symbol: string, entry: Entry, changed: QuoteField[]): QuoteUpdate {
    const update: QuoteUpdate = { symbol, kind: entry.kind, changed };
    const out = update as unknown as Record<string, Value>;
    for (const [field, value] of entry.values) out[field] = value;
    return update;
  }
}
