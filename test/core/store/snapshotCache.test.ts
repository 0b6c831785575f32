import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { createSnapshotCache } from '../../../main/core/store/snapshotCache';
import { normalizeAccounts } from '../../../main/core/portfolio/normalize';
import { loadAccounts } from '../portfolio/fixtures';

let dir: string;
let file: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cache-'));
  file = path.join(dir, 'arbion.db');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = normalizeAccounts(loadAccounts('account-margin-with-option-positions.json'), {
  hashFor: () => 'HASH',
  asOf: Date.UTC(2025, 0, 15, 15, 0, 0),
});

describe('snapshot cache', () => {
  it('is empty at first, then returns the last saved snapshot after a reopen', () => {
    expect(createSnapshotCache(db).load()).toBeNull();
    createSnapshotCache(db).save(snapshot);
    createSnapshotCache(db).save({ ...snapshot, asOf: '2025-01-15T15:00:10.000Z' });
    db.close();
    db = openDatabase(file);
    const loaded = createSnapshotCache(db).load();
    expect(loaded).toEqual({ ...snapshot, asOf: '2025-01-15T15:00:10.000Z' });
    expect((db.prepare('SELECT COUNT(*) AS n, MAX(as_of) AS a FROM snapshot_cache').get() as { n: number; a: number })).toEqual({
      n: 1,
      a: Date.UTC(2025, 0, 15, 15, 0, 10),
    });
  });

  it('ignores a corrupt or foreign row instead of trusting it', () => {
    db.prepare('INSERT INTO snapshot_cache (id, as_of, json) VALUES (1, 0, ?)').run('{"asOf":"x"');
    expect(createSnapshotCache(db).load()).toBeNull();
    db.prepare('UPDATE snapshot_cache SET json = ?').run(JSON.stringify({ asOf: '2025-01-01T00:00:00Z', accounts: 'nope' }));
    expect(createSnapshotCache(db).load()).toBeNull();
  });

  it('clear() removes it (sign-out)', () => {
    const cache = createSnapshotCache(db);
    cache.save(snapshot);
    cache.clear();
    expect(cache.load()).toBeNull();
  });
});
