// Usage errors as real child processes: what is wrong with an option's value (a negative --limit used to
// be "argument is ambiguous"), and "did you mean …?" for a mistyped command or option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closestName } from '../../main/cli/suggest';
import { startCliHarness, type CliHarness } from './cliHarness';

let cli: CliHarness;
beforeAll(async () => {
  cli = await startCliHarness();
});
afterAll(async () => {
  await cli?.close();
});

const COMMANDS = 'accounts, alerts, audit, balance, doctor, export, history, login, logout, orders, positions, sandbox, status, transactions, watch';

describe('arbion usage errors (child processes)', () => {
  it.each(['--limit -5', '--limit=-5', '--limit 0', '--limit 2.5', '--limit 1001'])(
    'audit %s says the limit must be a whole number from 1 to 1000',
    async (options) => {
      const r = await cli.runToEnd(['audit', ...options.split(' ')]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const value = options.replace(/^--limit[ =]/, '');
      expect(r.stderr).toBe(`arbion audit: --limit must be a whole number from 1 to 1000, not "${value}".\nUsage: arbion audit [--limit N] [--json]\n`);
    },
  );

  it('a mistyped command gets the closest one; a word far from every command gets only the list', async () => {
    const typo = await cli.runToEnd(['acounts']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(`arbion: unknown command "acounts". Did you mean "accounts"? Commands: ${COMMANDS}.\n`);
    const far = await cli.runToEnd(['portfolio']);
    expect(far.code).toBe(2);
    expect(far.stderr).toBe(`arbion: unknown command "portfolio". Commands: ${COMMANDS}.\n`);
  });

  it('a mistyped option gets the closest option of that command', async () => {
    const r = await cli.runToEnd(['balance', '--acount', '4410']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arbion balance: unknown option "--acount". Did you mean --account?\nUsage: arbion balance [--account NUMBER|HASH|LAST4] [--privacy] [--json] [--watch]\n');
    const none = await cli.runToEnd(['audit', '--verbose']);
    expect(none.stderr.split('\n')[0]).toBe('arbion audit: unknown option "--verbose".');
  });
});

describe('closestName', () => {
  it('one or two typing slips match; short or distant words do not', () => {
    const names = ['accounts', 'audit', 'balance', 'login', 'logout', 'positions', 'status'];
    expect(closestName('acounts', names)).toBe('accounts');
    expect(closestName('balnace', names)).toBe('balance'); // swapped letters
    expect(closestName('STATS', names)).toBe('status');
    expect(closestName('logn', names)).toBe('login');
    expect(closestName('lo', names)).toBeNull();
    expect(closestName('history', names)).toBeNull();
  });
});
