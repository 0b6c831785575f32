// Validation of Schwab responses. Unknown fields pass (the schemas are loose); a missing or mistyped
// required field becomes PayloadInvalid naming where it is, so a log line points at the exact field.
import type { z } from 'zod';
import { ArbionError } from '../errors';
import { CompiledSchema } from './compiledSchema';

/** A zod schema, or one compiled for the hot path (same shape, same errors, faster on a good payload). */
export type PayloadSchema<T> = z.ZodType<T> | CompiledSchema<T>;

/** `[0].securitiesAccount.currentBalances.liquidationValue` (numbers as indexes, odd keys quoted). */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

export function parsePayload<T>(schema: PayloadSchema<T>, data: unknown, what: string): T {
  if (schema instanceof CompiledSchema) {
    if (schema.matches(data)) return data;
    // zod has the last word and the words of the error: what the compiled check refused, zod parses again.
    return parsePayload(schema.schema, data, what);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  const more = result.error.issues.length > 3 ? ` (+${result.error.issues.length - 3} more)` : '';
  return throwInvalid(`Schwab's ${what} response has an unexpected shape at ${issues.join('; ')}${more}.`);
}

function throwInvalid(message: string): never {
  throw new ArbionError('PayloadInvalid', message);
}

/** A body that is not JSON at all. */
export function parseJsonBody(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return throwInvalid(`Schwab's ${what} response is not valid JSON (${text.length} bytes).`);
  }
}
