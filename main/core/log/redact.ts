// Redaction happens here, once, for every log line and audit detail — never at call sites.
// Three nets: known secret values registered at run time, sensitive key names, and value patterns
// (Schwab token/code shapes, bearer/basic headers, OAuth query parameters, long digit runs = account numbers).

/**
 * What a registered value is. A slot keeps its current and previous value (a line about the token just
 * replaced may still be in flight) and forgets older ones: the token has been replaced at Schwab, and a
 * registry that only grows would make every log line slower the longer the app runs.
 */
export type SecretSlot = 'client-secret' | 'basic-auth' | 'access-token' | 'refresh-token' | 'id-token' | 'auth-code';
const GENERATIONS_PER_SLOT = 2;
/** Values registered without a slot (pasted URLs, stored secrets of other kinds): the most recent ones. */
const MAX_UNSLOTTED = 32;

const slots = new Map<SecretSlot, string[]>();
const unslotted = new Set<string>();

/** Any value registered here is masked wherever it later appears in a log line or audit detail. */
export function registerSecret(value: string | null | undefined, slot?: SecretSlot): void {
  if (!value || value.length < 6) return;
  if (slot) {
    const generations = (slots.get(slot) ?? []).filter((v) => v !== value);
    generations.unshift(value);
    slots.set(slot, generations.slice(0, GENERATIONS_PER_SLOT));
    return;
  }
  unslotted.delete(value); // re-insert as the most recent
  unslotted.add(value);
  if (unslotted.size > MAX_UNSLOTTED) unslotted.delete(unslotted.values().next().value as string);
}

/** How many values the registry holds; bounded by the slots and MAX_UNSLOTTED whatever the uptime. */
export function registeredSecretCount(): number {
  let n = unslotted.size;
  for (const generations of slots.values()) n += generations.length;
  return n;
}

function* registeredSecrets(): Iterable<string> {
  for (const generations of slots.values()) yield* generations;
  yield* unslotted;
}

const SENSITIVE_KEY =
  /^(access_?token|refresh_?token|id_?token|token|tokens|client_?secret|secret|password|authorization|assertion|code|auth_?code|authorization_?code|account_?number|accountNumber|accountNumbers|state|cookie|set-cookie)$/i;

const VALUE_PATTERNS: Array<[RegExp, string | ((m: string, ...groups: string[]) => string)]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=@%-]+/gi, '$1 [redacted]'],
  [
    /([?&#\s"']|^)(code|access_token|refresh_token|id_token|client_secret|token|state|session)=([^&\s"'#]+)/gi,
    (_m, pre: string, key: string) => `${pre}${key}=[redacted]`,
  ],
  // Schwab's token and code shapes: "I0.b2F1…@", "C0.b2F1…@"; JWTs.
  [/\b[A-Z][0-9]\.[A-Za-z0-9_\-.]{16,}(@|%40)?/g, '[redacted-token]'],
  [/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, '[redacted-jwt]'],
  // Account numbers: 8+ digit runs keep their last 4 ("…4410").
  [/(?<![\d.])\d{8,}(?![\d.])/g, (m: string) => `…${m.slice(-4)}`],
];

export function redactString(input: string): string {
  let out = input;
  for (const secret of registeredSecrets()) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  for (const [pattern, replacement] of VALUE_PATTERNS) {
    out = out.replace(pattern, replacement as never);
  }
  return out;
}

/** Deep copy with sensitive keys masked and every string passed through redactString. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e7) {
    return redactString(String(value));
  }
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redactString(value.message), ...(typeof code === 'string' ? { code } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // An error code ("AccessDenied") under key "code" is not a secret; anything longer might be an OAuth code.
      if (SENSITIVE_KEY.test(k) && !(k === 'code' && typeof v === 'string' && /^[A-Za-z_]{1,40}$/.test(v))) {
        out[k] = v === null || v === undefined ? v : '[redacted]';
      } else {
        out[k] = redactValue(v, depth + 1);
      }
    }
    return out;
  }
  return value;
}
