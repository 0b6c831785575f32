// Breaks a successful JSON response on purpose, for the client's validation paths: either text that is not
// JSON at all, or valid JSON with one field removed that the shared schemas require.

export type FieldPath = Array<string | number>;

export function invalidJsonText(body: unknown): string {
  const text = JSON.stringify(body);
  // Cutting a JSON object or array in half always leaves it unbalanced.
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** A deep copy of `body` without the field at `path` (unchanged copy when the path does not exist). */
export function withoutField(body: unknown, path: FieldPath): unknown {
  const copy: unknown = structuredClone(body);
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return copy;
    node = (node as Record<string | number, unknown>)[path[i]!];
  }
  if (node !== null && typeof node === 'object') delete (node as Record<string | number, unknown>)[path.at(-1)!];
  return copy;
}
