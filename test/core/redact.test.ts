import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/core/log/logger';
import { registerSecret, redactString } from '../../main/core/log/redact';

describe('logger redaction', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', console: false, sink: (l) => lines.push(l) });

  it('masks tokens, codes, secrets and account numbers wherever they appear', () => {
    const access = 'I0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG@';
    const code = 'C0.b2F1dGgyLmJkYy5zY2h3YWIuY29t.ZZZZefghijklmnopqrstuvwxyz0123456789ABCDEFG@';
    log.info(`callback https://127.0.0.1:8182/?code=${encodeURIComponent(code)}&session=abc&state=xyz`, {
      access_token: access,
      headers: { Authorization: `Bearer ${access}` },
      accountNumber: '12344410',
      note: `account 98765432 token ${access}`,
      code: 'AccessDenied',
    });
    const line = lines.at(-1)!;
    expect(line).not.toContain(access);
    expect(line).not.toContain(code);
    expect(line).not.toContain(encodeURIComponent(code));
    expect(line).not.toContain('12344410');
    expect(line).not.toContain('98765432');
    expect(line).not.toContain('state=xyz');
    expect(line).toContain('…5432');
    expect(line).toContain('"code":"AccessDenied"');
  });

  it('masks values registered at run time whatever their shape', () => {
    registerSecret('plain-sandbox-secret-value');
    log.warn('oops plain-sandbox-secret-value leaked?');
    expect(lines.at(-1)).not.toContain('plain-sandbox-secret-value');
    expect(redactString('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
  });

  it('respects the level threshold', () => {
    const quiet: string[] = [];
    const l = createLogger({ level: 'warn', console: false, sink: (x) => quiet.push(x) });
    l.info('hidden');
    l.error('shown');
    expect(quiet).toHaveLength(1);
  });
});
