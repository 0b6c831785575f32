import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/core/log/logger';
import { registerSecret, registeredSecretCount, redactString } from '../../main/core/log/redact';

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

describe('the registry of secrets stays bounded', () => {
  it('over a simulated month of refreshes it holds a fixed number of values and still masks the current ones', () => {
    // Not Schwab's token shape, so only the registry (not a value pattern) can mask them.
    const token = (kind: string, n: number) => `${kind}-simulated-token-${n}-abcdefghijklmnop`;
    // A month at one access-token renewal every 25 minutes, a new sign-in (refresh token + code) weekly,
    // and a pasted redirect URL registered without a slot now and then.
    const refreshes = 30 * 24 * 60 / 25;
    let countAfterFirstDay = 0;
    for (let i = 0; i < refreshes; i++) {
      registerSecret(token('I', i), 'access-token');
      registerSecret(`basic-credentials-${i % 3}`, 'basic-auth');
      if (i % 400 === 0) {
        registerSecret(token('R', i), 'refresh-token');
        registerSecret(token('C', i), 'auth-code');
      }
      if (i % 50 === 0) registerSecret(`pasted-url-value-${i}`);
      if (i === 57) countAfterFirstDay = registeredSecretCount();
    }
    expect(registeredSecretCount()).toBeLessThanOrEqual(6 * 2 + 32);
    // The scan cost follows the registry's size, which no longer grows with uptime.
    expect(registeredSecretCount()).toBeLessThanOrEqual(countAfterFirstDay + 32);
    const last = token('I', refreshes - 1);
    const previous = token('I', refreshes - 2);
    expect(redactString(`using ${last} now`)).not.toContain(last);
    expect(redactString(`was ${previous}`)).not.toContain(previous);
    // A token two renewals old is forgotten by its slot.
    const old = token('I', refreshes - 3);
    expect(redactString(old)).toBe(old);
  });

  it('forgets the oldest unslotted value past the cap, keeps the slotted ones', () => {
    registerSecret('client-secret-that-stays-for-the-session', 'client-secret');
    for (let i = 0; i < 100; i++) registerSecret(`unslotted-secret-number-${i}`);
    expect(redactString('unslotted-secret-number-99')).toBe('[redacted]');
    expect(redactString('unslotted-secret-number-0')).toBe('unslotted-secret-number-0');
    expect(redactString('client-secret-that-stays-for-the-session')).toBe('[redacted]');
  });
});
