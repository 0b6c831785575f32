import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerSecret } from '../../../main/core/log/redact';
import type { Clock } from '../../../main/core/ports';
import { AuditLog } from '../../../main/core/store/auditLog';
import { openDatabase, type Db } from '../../../main/core/store/database';

const fixedClock = (t: number): Clock => ({ now: () => t, setTimeout: () => null, clearTimeout: () => undefined });

describe('AuditLog', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-audit-'));
    db = openDatabase(path.join(dir, 'arbion.db'));
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('appends and lists newest first with ISO times', () => {
    const log = new AuditLog(db, fixedClock(Date.UTC(2026, 2, 1, 12)));
    log.append('sign-in-started', 'info', 'loopback');
    log.append('sign-in-completed', 'ok');
    const entries = log.list(10);
    expect(entries.map((e) => e.event)).toEqual(['sign-in-completed', 'sign-in-started']);
    expect(entries[0]).toMatchObject({ outcome: 'ok', detail: null, at: '2026-03-01T12:00:00.000Z' });
    expect(log.list(1)).toHaveLength(1);
  });

  it('never stores a token, code, secret or full account number', () => {
    const log = new AuditLog(db);
    const access = 'I0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG@';
    const code = 'C0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.QQQQefghijklmnopqrstuvwxyz0123456789ABCDEFG@';
    const secret = 'Zs3cr3tValue99';
    registerSecret(secret);
    log.append(
      'api-error',
      'fail',
      `Bearer ${access} callback ?code=${encodeURIComponent(code)}&state=abc secret ${secret} account 12345678 ${code}`,
    );
    const stored = db.prepare('SELECT detail FROM audit_log').get() as { detail: string };
    for (const bad of [access, code, encodeURIComponent(code), secret, '12345678', 'state=abc']) {
      expect(stored.detail).not.toContain(bad);
    }
    expect(stored.detail).toContain('…5678');
  });
});
