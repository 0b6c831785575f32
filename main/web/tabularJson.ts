// The browser host's wire form for large payloads: an array of 8 or more plain objects travels as its key
// lists ("shapes") once and one row of values per object, so a 2,500-position snapshot carries its ~30 key
// names 2,500 times fewer (1.3 MB → ~0.45 MB). Chromium's cost of taking a WebSocket message grows with its
// size, so the window gets the snapshot sooner. The bridge script (static/arbion-bridge.js) undoes it for
// messages marked `"enc":"tabular"`; everything else on the wire stays plain JSON.

export const TABULAR_KEY = '~t';
const MIN_ROWS = 8;

interface Tabular {
  [TABULAR_KEY]: string[][];
  r: unknown[][];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Thrown inside the walk when the payload itself uses the marker key: the message then goes out plain. */
class MarkerInPayload extends Error {}

interface Walk {
  tables: number;
}

function encode(value: unknown, walk: Walk): unknown {
  if (Array.isArray(value)) {
    if (value.length >= MIN_ROWS && value.every(isPlainObject)) return table(value, walk);
    return value.map((v) => encode(v, walk));
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === TABULAR_KEY) throw new MarkerInPayload();
    out[key] = encode(value[key], walk);
  }
  return out;
}

function table(objects: readonly Record<string, unknown>[], walk: Walk): Tabular {
  walk.tables++;
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const rows = objects.map((o) => {
    // Keys whose value is undefined are left out, as JSON.stringify leaves them out of an object.
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    if (keys.includes(TABULAR_KEY)) throw new MarkerInPayload();
    const signature = keys.join('\u0000');
    let id = shapeIds.get(signature);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(keys);
      shapeIds.set(signature, id);
    }
    const row: unknown[] = [id];
    for (const k of keys) row.push(encode(o[k], walk));
    return row;
  });
  return { [TABULAR_KEY]: shapes, r: rows };
}

/**
 * A message with `body` under `field`: tabular (and marked so) when it holds such an array, plain otherwise.
 * `head` comes first so the message still starts with its type and event name.
 */
export function wireMessage(head: Record<string, unknown>, field: string, body: unknown): string {
  const walk: Walk = { tables: 0 };
  let encoded: unknown;
  try {
    encoded = encode(body, walk);
  } catch (e) {
    if (e instanceof MarkerInPayload) return JSON.stringify({ ...head, [field]: body });
    throw e;
  }
  if (walk.tables === 0) return JSON.stringify({ ...head, [field]: body });
  return JSON.stringify({ ...head, enc: 'tabular', [field]: encoded });
}
