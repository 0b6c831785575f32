// The compiled validators (ajv, generated from the zod schemas) accept and reject exactly what zod does:
// on every fixture, on the sandbox's 10 × 250 portfolio, and on every one-field corruption of them; a bad
// payload still reads as PayloadInvalid naming the field path in zod's words.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as schemas from '../../../main/core/schwab/schemas';
import { ACCOUNTS_PAYLOAD, QUOTES_PAYLOAD, parseAccounts } from '../../../main/core/schwab/accountsClient';
import { CompiledSchemaError, compileSchema, type CompiledSchema } from '../../../main/core/schwab/compiledSchema';
import { parsePayload } from '../../../main/core/schwab/payload';
import { ArbionError } from '../../../main/core/errors';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { FakeClock } from '../../support/fakeClock';
import { getApi, login } from '../../sandbox/schwabHttp';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'schwab');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as unknown] as const);

/** Every schema schemas.ts exports, compiled: each one is checked against each fixture below. */
const COMPILED: Array<[string, CompiledSchema<unknown>]> = Object.entries(schemas as Record<string, unknown>)
  .filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType)
  .map(([name, schema]) => [name, compileSchema(schema, name)]);

const agrees = (compiled: CompiledSchema<unknown>, value: unknown): boolean =>
  compiled.matches(value) === compiled.schema.safeParse(value).success;

/** Every path to a value inside `v` (objects' keys and arrays' indexes), the root excluded. */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...at, k], ...paths(x, [...at, k])]);
}

const REPLACEMENTS: unknown[] = [undefined, null, '', 'x', -1.5, true, {}, []];

/** `v` with the value at `path` replaced (undefined: the key deleted, or the item removed from an array). */
function corrupt(v: unknown, path: Array<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement !== undefined) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}

/**
 * Runs every corruption of `value` through `compiled` and zod, changing one field in place and putting it
 * back after each (a copy per corruption would make the test slow); returns how many each outcome had.
 */
function corruptions(compiled: CompiledSchema<unknown>, value: unknown): { accepted: number; rejected: number; disagreements: string[] } {
  const out = { accepted: 0, rejected: 0, disagreements: [] as string[] };
  const check = (label: string): void => {
    const zod = compiled.schema.safeParse(value).success;
    if (zod) out.accepted++;
    else out.rejected++;
    if (compiled.matches(value) !== zod) out.disagreements.push(`${label}: zod ${zod ? 'accepts' : 'rejects'}`);
  };
  for (const path of paths(value)) {
    let parent = value as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    const original = parent[key];
    for (const r of REPLACEMENTS) {
      if (r !== undefined) {
        parent[key] = r;
        check(`${path.join('.')} = ${JSON.stringify(r)}`);
        parent[key] = original;
      } else if (Array.isArray(parent)) {
        parent.splice(Number(key), 1);
        check(`${path.join('.')} removed`);
        parent.splice(Number(key), 0, original);
      } else {
        delete parent[key];
        check(`${path.join('.')} deleted`);
        parent[key] = original;
      }
    }
  }
  return out;
}

/** The message of the PayloadInvalid `fn` throws. */
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ArbionError);
    expect((e as ArbionError).code).toBe('PayloadInvalid');
    return (e as ArbionError).message;
  }
  throw new Error('expected PayloadInvalid');
};


describe('compiled validators agree with zod', () => {
  it('every schema in schemas.ts compiles (none of them transforms, strips or refines)', () => {
    expect(COMPILED.length).toBeGreaterThan(20);
    for (const [, compiled] of COMPILED) compiled.compile();
  });

  it('on every fixture, against every schema', () => {
    let accepted = 0;
    for (const [file, value] of fixtures) {
      for (const [name, compiled] of COMPILED) {
        if (!agrees(compiled, value)) throw new Error(`${name} and zod disagree on ${file}`);
        if (compiled.matches(value)) accepted++;
      }
    }
    // Each Schwab sample matches its own schema at least (and the loose ones match many).
    expect(accepted).toBeGreaterThan(fixtures.length / 2);
  });

  it('on every one-field corruption of the account, position and quote fixtures', () => {
    const cases: Array<[string, CompiledSchema<unknown>, unknown]> = [];
    for (const [file, value] of fixtures) {
      if (/^accounts-/.test(file)) cases.push([file, ACCOUNTS_PAYLOAD, value]);
      if (/^account-(cash|margin)/.test(file)) cases.push([file, ACCOUNTS_PAYLOAD, [value]]);
      if (/^positions-/.test(file)) for (const p of value as unknown[]) cases.push([file, ACCOUNTS_PAYLOAD, [{ securitiesAccount: { type: 'CASH', accountNumber: '1', currentBalances: { liquidationValue: 1 }, positions: [p] } }]]);
      if (/^quotes?-/.test(file)) cases.push([file, QUOTES_PAYLOAD, value]);
    }
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const [file, compiled, original] of cases) {
      const value = structuredClone(original); // corrupted in place below
      expect(compiled.matches(value), file).toBe(true);
      const r = corruptions(compiled, value);
      expect(r.disagreements, file).toEqual([]);
      expect(r.rejected, file).toBeGreaterThan(0); // the corruptions do reach required fields
      expect(r.accepted, file).toBeGreaterThan(0); // and tolerated ones
    }
  });

  it('NaN and ±Infinity are not numbers for either (a body from elsewhere than JSON.parse)', () => {
    const [, value] = fixtures.find(([f]) => f === 'accounts-margin-no-positions.json')!;
    for (const n of [NaN, Infinity, -Infinity]) {
      const bad = corrupt(value, [0, 'securitiesAccount', 'currentBalances', 'liquidationValue'], n);
      expect(ACCOUNTS_PAYLOAD.matches(bad)).toBe(false);
      expect(schemas.AccountsSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('the sandbox portfolio at bench size', () => {
  let sb: Sandbox;
  let accounts: unknown;
  let quotes: unknown;
  beforeAll(async () => {
    sb = await startSandbox({ clock: new FakeClock(), autoApprove: true, accounts: 10, positionsPerAccount: 250 });
    const token = (await login(sb)).access_token;
    accounts = await (await getApi(sb, '/trader/v1/accounts?fields=positions', token)).json();
    const symbols = (accounts as schemas.Account[]).flatMap((a) => a.securitiesAccount.positions!.map((p) => p.instrument.symbol));
    quotes = await (await getApi(sb, `/marketdata/v1/quotes?symbols=${encodeURIComponent([...new Set(symbols)].slice(0, 500).join(','))}`, token)).json();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('passes both, and the compiled path hands back the parsed body itself (no copy)', () => {
    expect(schemas.AccountsSchema.safeParse(accounts).success).toBe(true);
    expect(parseAccounts(accounts)).toBe(accounts);
    expect(schemas.QuotesResponseSchema.safeParse(quotes).success).toBe(true);
    expect(parsePayload(QUOTES_PAYLOAD, quotes, 'quotes')).toBe(quotes);
  });

  it('a field broken deep inside is refused by both, in the same words', () => {
    const positions = (accounts as schemas.Account[])[7]!.securitiesAccount.positions!;
    const at = [7, 'securitiesAccount', 'positions', positions.length - 1, 'instrument', 'symbol'];
    for (const r of [undefined, '', 42]) {
      const bad = corrupt(accounts, at, r);
      expect(ACCOUNTS_PAYLOAD.matches(bad)).toBe(false);
      const words = message(() => parseAccounts(bad));
      expect(words).toBe(message(() => parsePayload(schemas.AccountsSchema, bad, 'accounts')));
      expect(words).toContain(`at [7].securitiesAccount.positions[${positions.length - 1}].instrument.symbol: `);
    }
  });
});

describe('a bad payload reads the same as before', () => {
  it('PayloadInvalid names the field path in zod words, identical to the plain zod parse', () => {
    const [, value] = fixtures.find(([f]) => f === 'accounts-margin-with-option-position.json')!;
    const bad = corrupt(corrupt(value, [0, 'securitiesAccount', 'positions', 0, 'marketValue'], undefined), [0, 'securitiesAccount', 'type'], 'FUTURES');
    const compiled = message(() => parsePayload(ACCOUNTS_PAYLOAD, bad, 'accounts'));
    expect(compiled).toBe(message(() => parsePayload(schemas.AccountsSchema, bad, 'accounts')));
    expect(compiled).toMatch(/^Schwab's accounts response has an unexpected shape at \[0\]\.securitiesAccount\.type: /);

    const quote = corrupt(fixtures.find(([f]) => f === 'quote-index-spx.json')![1], ['$SPX', 'symbol'], 7);
    expect(message(() => parsePayload(QUOTES_PAYLOAD, quote, 'quotes'))).toBe(
      `Schwab's quotes response has an unexpected shape at $SPX.symbol: Invalid input: expected string, received number.`,
    );
  });
});

describe('shapes zod would change are refused when compiled, by name', () => {
  it.each<[string, z.ZodType, RegExp]>([
    ['a transform', z.looseObject({ id: z.number().transform(String) }), /Transforms cannot be represented/],
    ['a default', z.looseObject({ n: z.number().default(0) }), /uses z\.default/],
    ['stripped keys', z.object({ a: z.string() }), /output differs from its input/],
    ['a refinement', z.looseObject({ a: z.string().refine((s) => s !== 'b') }), /custom check/],
    ['a pattern', z.looseObject({ a: z.string().regex(/^\d+$/) }), /string_format check|pattern/],
    ['a length counted in UTF-16 units', z.looseObject({ a: z.string().min(2) }), /minimum length above 1/],
    ['a record', z.record(z.string(), z.number()), /uses z\.record/],
  ])('%s', (_what, schema, why) => {
    const compiled = compileSchema(schema, 'TestSchema');
    expect(() => compiled.compile()).toThrow(CompiledSchemaError);
    expect(() => compiled.matches({})).toThrow(why);
    expect(() => compiled.compile()).toThrow(/^TestSchema cannot be compiled: .*; parse it with zod\.$/);
  });
});
