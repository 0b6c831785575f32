// `arbion alerts` as real child processes against the sandbox: the same checks and sentences as the window
// (one quotes request for the symbol), rules saved in the data dir's SQLite file across runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRuleView } from '../../common/contract';
import { startCliHarness, type CliHarness } from './cliHarness';

let cli: CliHarness;
let symbol: string;

beforeAll(async () => {
  cli = await startCliHarness();
  await cli.signIn();
  symbol = cli.sandbox.heldSymbols().find((s) => s.length < 6 && /^[A-Z]+$/.test(s))!;
});

afterAll(async () => {
  await cli?.close();
});

describe('arbion alerts', () => {
  it('refuses bad input with the core’s sentence and saves nothing', async () => {
    cli.sandbox.resetCounters();
    const unknown = await cli.runToEnd(['alerts', 'add', 'price', 'ZZZZQ', 'above', '10']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('arbion alerts: Schwab knows no symbol "ZZZZQ". [BadRequest]');
    expect(cli.sandbox.counters()['GET /marketdata/v1/quotes']).toBe(1);

    const level = await cli.runToEnd(['alerts', 'add', 'price', symbol, 'above', 'abc']);
    expect(level.stderr.trim()).toBe('arbion alerts: The price level must be a positive number of dollars, not NaN. [BadRequest]');
    const percent = await cli.runToEnd(['alerts', 'add', 'move', symbol, 'up', '150']);
    expect(percent.stderr.trim()).toBe('arbion alerts: The percent must be between -100 and 100 and not 0, not 150. [BadRequest]');
    const usage = await cli.runToEnd(['alerts', 'add', 'price', symbol, 'sideways', '10']);
    expect(usage.code).toBe(2);

    const list = await cli.runToEnd(['alerts', 'list', '--json']);
    expect((JSON.parse(list.stdout) as AlertRuleView[]).map((r) => r.spec.kind)).toEqual(['margin-call', 'option-expiry', 'option-itm', 'low-buying-power', 'order-status']);
  });

  it('adds, lists, refuses a duplicate, turns off and removes; built-ins are turned off, not removed', async () => {
    const added = await cli.runToEnd(['alerts', 'add', 'price', symbol.toLowerCase(), 'above', '$1,000']);
    expect(added.stderr).toBe('');
    expect(added.stdout.trim()).toBe(`Added alert #6: ${symbol} above $1,000.00`);
    const twin = await cli.runToEnd(['alerts', 'add', 'price', symbol, 'above', '1000']);
    expect(twin.stderr.trim()).toBe(`arbion alerts: That alert already exists (#6: ${symbol} above $1,000.00). [BadRequest]`);

    const change = await cli.runToEnd(['alerts', 'add', 'change', 'down', '2%']);
    expect(change.stdout.trim()).toBe('Added alert #7: Portfolio day change beyond -2.00%');
    const last4 = cli.sandbox.truth().accounts[0]!.accountNumber.slice(-4);
    const bp = await cli.runToEnd(['alerts', 'add', 'buying-power', '5000', '--account', last4]);
    expect(bp.stderr).toBe('');
    expect(bp.stdout.trim()).toMatch(new RegExp(`^Added alert #8: Buying power in .*…${last4} below \\$5,000\\.00$`));

    const table = await cli.runToEnd(['alerts', 'list']);
    expect(table.stdout).toContain(`${symbol} above $1,000.00`);
    expect((await cli.runToEnd(['alerts', 'disable', '6'])).stdout.trim()).toBe(`Alert #6 is off: ${symbol} above $1,000.00`);
    const builtin = await cli.runToEnd(['alerts', 'remove', '1']);
    expect(builtin.stderr.trim()).toBe('arbion alerts: Alert #1 is built in: turn it off instead of removing it. [BadRequest]');
    expect((await cli.runToEnd(['alerts', 'disable', '1'])).stdout.trim()).toBe('Alert #1 is off: A margin account goes into a call');
    expect((await cli.runToEnd(['alerts', 'remove', '6'])).stdout.trim()).toBe(`Removed alert #6: ${symbol} above $1,000.00`);

    const rules = JSON.parse((await cli.runToEnd(['alerts', 'list', '--json'])).stdout) as AlertRuleView[];
    expect(rules.map((r) => [r.id, r.enabled])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [7, true],
      [8, true],
    ]);
  });

  it('sets the buying-power built-in level (a bad one refused, nothing saved) and turns a built-in on and off', async () => {
    const bad = await cli.runToEnd(['alerts', 'builtin', 'buying-power', '--level', '-5']);
    expect(bad.stderr.trim()).toBe('arbion alerts: The buying-power level must be a positive number of dollars, not -5. [BadRequest]');
    const set = await cli.runToEnd(['alerts', 'builtin', 'buying-power', '--level', '2500']);
    expect(set.stdout.trim()).toBe("Alert #4 is on: An account's buying power falls below $2,500.00");
    expect((await cli.runToEnd(['alerts', 'builtin', 'order', 'off'])).stdout.trim()).toBe('Alert #5 is off: An order is filled or rejected');
    expect((await cli.runToEnd(['alerts', 'builtin', 'buying-power', '--level', 'none'])).stdout.trim()).toBe("Alert #4 is on: An account's buying power falls below $0.00");
    expect((await cli.runToEnd(['alerts', 'builtin', 'nope', 'on'])).code).toBe(2);
  });
});
