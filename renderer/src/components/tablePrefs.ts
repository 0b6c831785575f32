// The positions table's remembered choices — sort and which columns show — kept in the renderer's own
// localStorage: they are about this window's layout, not Settings the core needs. Anything unreadable or from
// another version is ignored field by field, so a bad entry can only ever cost the defaults.
import { DEFAULT_SORT, SORT_KEYS, type SortKey, type SortState } from './positionRows';

export const TABLE_PREFS_KEY = 'arbion.positionsTable.v1';

export interface TablePrefs {
  sort: SortState;
  /** Columns the user turned on or off; the others follow the layout's defaults. */
  columns: Partial<Record<SortKey, boolean>>;
}

const isSortKey = (v: unknown): v is SortKey => typeof v === 'string' && (SORT_KEYS as readonly string[]).includes(v);

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null; // storage disabled (e.g. a sandboxed page)
  }
}

export function loadTablePrefs(): TablePrefs {
  const prefs: TablePrefs = { sort: DEFAULT_SORT, columns: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(storage()?.getItem(TABLE_PREFS_KEY) ?? 'null');
  } catch {
    return prefs;
  }
  if (!raw || typeof raw !== 'object') return prefs;
  const { sort, columns } = raw as { sort?: unknown; columns?: unknown };
  if (sort && typeof sort === 'object') {
    const { key, direction } = sort as { key?: unknown; direction?: unknown };
    if (isSortKey(key) && (direction === 'asc' || direction === 'desc')) prefs.sort = { key, direction };
  }
  if (columns && typeof columns === 'object') {
    for (const [k, v] of Object.entries(columns)) if (isSortKey(k) && typeof v === 'boolean') prefs.columns[k] = v;
  }
  return prefs;
}

export function saveTablePrefs(prefs: TablePrefs): void {
  try {
    storage()?.setItem(TABLE_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // A full or disabled storage only means the choice is not remembered.
  }
}
