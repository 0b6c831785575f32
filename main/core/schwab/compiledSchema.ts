// A zod schema compiled into a JSON-schema validator (ajv) for the refresh's hot path. zod stays the one
// definition of each shape: the JSON schema is generated from it with z.toJSONSchema and compiled once, on
// first use. A payload the compiled check accepts is returned as it came (no copy); one it rejects is
// parsed again by zod, so the error names the field path in zod's words.
//
// Only shapes zod returns unchanged can be compiled: no transforms, defaults, stripped keys, refinements,
// patterns or formats, and no string length bound but "non-empty" (ajv counts code points, zod UTF-16
// units; they agree only on 0 versus ≥ 1). Anything else is refused when it is compiled, by name.
import { isDeepStrictEqual } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import { z } from 'zod';

/** zod schema kinds whose JSON schema says everything zod checks. */
const FAITHFUL_KINDS = new Set(['object', 'array', 'string', 'number', 'boolean', 'literal', 'enum', 'union', 'optional', 'nullable', 'null', 'unknown']);
/** zod checks with an exact JSON-schema counterpart (int and safe ranges, bounds, array and string lengths). */
const FAITHFUL_CHECKS = new Set(['number_format', 'greater_than', 'less_than', 'min_length', 'max_length', 'length_equals']);
/** JSON-schema keywords whose meaning differs between ajv and zod. */
const UNFAITHFUL_KEYWORDS = ['pattern', 'format', 'maxLength', 'default'] as const;

interface ZodDef {
  type: string;
  checks?: ReadonlyArray<{ _zod: { def: { check: string } } }>;
}

export class CompiledSchemaError extends Error {}

export class CompiledSchema<T> {
  private validate: ValidateFunction | undefined;

  constructor(readonly schema: z.ZodType<T>, private readonly name: string) {}

  /** True when `data` has the schema's shape (compiling the validator on the first call). */
  matches(data: unknown): data is T {
    this.validate ??= compileValidator(this.schema, this.name);
    return this.validate(data);
  }

  /** Compiles now rather than on the first payload (start-up, tests); throws CompiledSchemaError if refused. */
  compile(): this {
    this.validate ??= compileValidator(this.schema, this.name);
    return this;
  }
}

/** `name` is what a refusal calls the schema (e.g. "AccountsSchema"). */
export function compileSchema<T>(schema: z.ZodType<T>, name: string): CompiledSchema<T> {
  return new CompiledSchema(schema, name);
}

let ajv: Ajv | undefined;

function compileValidator(schema: z.ZodType, name: string): ValidateFunction {
  const refuse = (why: string): never => {
    throw new CompiledSchemaError(`${name} cannot be compiled: ${why}; parse it with zod.`);
  };
  let output: z.core.JSONSchema.BaseSchema;
  try {
    output = z.toJSONSchema(schema, {
      target: 'draft-07',
      io: 'output',
      override: ({ zodSchema, jsonSchema }) => {
        const def = zodSchema._zod.def as ZodDef;
        if (!FAITHFUL_KINDS.has(def.type)) refuse(`it uses z.${def.type}`);
        const check = def.checks?.find((c) => !FAITHFUL_CHECKS.has(c._zod.def.check));
        if (check) refuse(`it uses a ${check._zod.def.check} check`);
        const keyword = UNFAITHFUL_KEYWORDS.find((k) => k in jsonSchema);
        if (keyword) refuse(`it uses ${keyword}`);
        if ((jsonSchema.minLength ?? 0) > 1) refuse('a string has a minimum length above 1');
      },
    });
  } catch (e) {
    if (e instanceof CompiledSchemaError) throw e;
    return refuse(e instanceof Error ? e.message : String(e)); // z.toJSONSchema refuses transforms itself
  }
  // zod returns unknown keys of a plain z.object stripped: the input and output shapes then differ.
  if (!isDeepStrictEqual(z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }), output)) {
    refuse('its output differs from its input (stripped keys)');
  }
  // strictNumbers: NaN and ±Infinity are not numbers, as for zod; allowUnionTypes: `type: [..]` from z.union.
  ajv ??= new Ajv({ strict: true, strictNumbers: true, allowUnionTypes: true, allErrors: false });
  return ajv.compile(output);
}
