// The `arbion` data commands as real child processes against a sandbox started here (real HTTP, a real SQLite
// data dir): figures to the cent against the sandbox's truth, masked account numbers outside --json, one
// request per refresh, the cached snapshot when Schwab is unreachable or limiting, and re-auth failures.
import path from 'node:path';
import { toCents } from '../../common/money/cents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ConnectionReport, HistoryPoint, PortfolioSnapshot } from '../../common/contract';
import { openDatabase } from '../../main/core/store/database';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { TokenVault } from '../../main/core/store/tokenVault';
import type { SandboxTruth } from '../../main/sandbox';
import { freePort } from '../support/freePort';
import { startCliHarness, type CliHarness, type CliResult } from './cliHarness';

let cli: CliHarness;
/** Every human-readable output of the run, checked at the end for full account numbers. */
const humanOutputs: CliResult[] = [];

async function human(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await cli.runToEnd(args, extraEnv);
  humanOutputs.push(r);
  return r;
}

async function json<T>(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ value: T; result: CliResult }> {
  const result = await cli.runToEnd([...args, '--json'], extraEnv);
  expect(result.code, result.stderr).toBe(0);
  return { value: JSON.parse(result.stdout) as T, result };
}

const usd = (cents: number): string => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const last4 = (n: string): string => n.slice(-4);

function truthTotals(t: SandboxTruth): { liquidationCents: number; cashCents: number; dayCents: number } {
  return {
    liquidationCents: sum(t.accounts.map((a) => a.current.liquidationValueCents)),
    cashCents: sum(t.accounts.map((a) => a.current.cashCents)),
    dayCents: sum(t.accounts.map((a) => a.dayPnLCents)),
  };
}

beforeAll(async () => {
  cli = await startCliHarness();
  await cli.signIn();
});

afterAll(async () => {
  await cli?.close();
});

describe('arbion data commands (child processes against the sandbox)', () => {
  it('accounts --json: every figure equals the sandbox truth to the cent, with full account numbers', async () => {
    const truth = cli.sandbox.truth();
    const { value: doc } = await json<PortfolioSnapshot>(['accounts']);
    expect(doc).toMatchObject({ source: 'live', freshness: 'fresh', freshnessReason: null });
    expect(doc.accounts).toHaveLength(truth.accounts.length);
    for (const t of truth.accounts) {
      const a = doc.accounts.find((x) => x.accountNumber === t.accountNumber);
      expect(a, t.accountNumber).toBeDefined();
      expect(a!.hash).toBe(t.hashValue);
      expect(a!.displayNumber).toBe(`…${last4(t.accountNumber)}`);
      expect(a!.type).toBe(t.type);
      expect(a!.liquidationValue).toBe(t.current.liquidationValueCents);
      expect(a!.cashBalance).toBe(t.current.cashCents);
      expect(a!.dayChange).toBe(t.dayPnLCents);
      expect(a!.buyingPower === null).toBe(t.type === 'CASH');
      expect(a).not.toHaveProperty('positions');
    }
    const expected = truthTotals(truth);
    expect(doc.totals.liquidationValue).toBe(expected.liquidationCents);
    expect(doc.totals.cashBalance).toBe(expected.cashCents);
    expect(doc.totals.dayChange).toBe(expected.dayCents);
  });

  it('accounts (table): masked numbers, the right figures, a total row, no full account number', async () => {
    const truth = cli.sandbox.truth();
    const out = await human(['accounts']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    for (const t of truth.accounts) {
      const row = lines.find((l) => l.startsWith(`…${last4(t.accountNumber)} `));
      expect(row, `row for …${last4(t.accountNumber)}`).toBeDefined();
      expect(row).toContain(usd(t.current.liquidationValueCents));
      expect(row).toContain(t.type);
      // The user's nickname and Schwab's kind of account, from userPreference.
      expect(row).toContain(t.nickName);
      expect(row).toContain(`${t.type} · BROKERAGE`);
      expect(out.stdout).not.toContain(t.accountNumber);
    }
    const total = lines.find((l) => l.startsWith('Total'));
    expect(total).toContain(usd(truthTotals(truth).liquidationCents));
    expect(out.stdout).toMatch(/^As of .* · live$/m);
  });

  it('positions --account <last4> shows only that account, options readable, shorts negative', async () => {
    const truth = cli.sandbox.truth();
    const target = truth.accounts.find((a) => a.positions.some((p) => p.kind === 'OPTION'))!;
    const others = truth.accounts.filter((a) => a !== target);
    const out = await human(['positions', '--account', last4(target.accountNumber)]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`…${last4(target.accountNumber)}  ${target.type}`);
    for (const o of others) expect(out.stdout).not.toContain(`…${last4(o.accountNumber)}`);

    const option = target.positions.find((p) => p.kind === 'OPTION')!;
    expect(out.stdout).not.toContain(option.symbol); // the raw OCC form
    const occ = /^(\S+)\s+(\d\d)(\d\d)(\d\d)([CP])(\d{8})$/.exec(option.symbol)!;
    const month = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, Number(occ[3]) - 1, 1));
    const readable = `${occ[1]} ${occ[4]} ${month} ${occ[2]} ${Number(occ[6]) / 1000} ${occ[5]}`;
    const optionRow = out.stdout.split('\n').find((l) => l.startsWith(`${readable} `));
    expect(optionRow, readable).toBeDefined();
    expect(optionRow).toContain(usd(option.marketValueCents));

    const short = truth.accounts.flatMap((a) => a.positions).find((p) => p.shortQuantity > 0 && p.kind !== 'OPTION');
    if (short) {
      const owner = truth.accounts.find((a) => a.positions.includes(short))!;
      const s = await human(['positions', '--account', last4(owner.accountNumber)]);
      expect(s.stdout).toMatch(new RegExp(`^${short.symbol}\\s+-${short.shortQuantity}\\s`, 'm'));
    }

    const { value: doc } = await json<PortfolioSnapshot>(['positions', '--account', target.hashValue]);
    expect(doc.accounts).toHaveLength(1);
    expect(doc.accounts[0]!.accountNumber).toBe(target.accountNumber);
    expect(doc.accounts[0]!.positions).toHaveLength(target.positions.length);
    expect(sum(doc.accounts[0]!.positions.map((p) => p.marketValue))).toBe(
      sum(target.positions.map((p) => p.marketValueCents)),
    );
    // The filtered document's totals are that account's, not the whole portfolio's.
    expect(doc.totals.liquidationValue).toBe(target.current.liquidationValueCents);
    expect(doc.totals.dayChange).toBe(doc.accounts[0]!.dayChange);
    const { value: all } = await json<PortfolioSnapshot>(['positions']);
    expect(all.accounts).toHaveLength(truth.accounts.length);
  });

  it('--account that matches nothing fails with one line listing masked numbers only', async () => {
    const truth = cli.sandbox.truth();
    const out = await human(['positions', '--account', '0000000']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^arbion positions: No account matches --account …0000 \(.*\)\. Accounts: .*\[NotFound\]$/m);
    for (const t of truth.accounts) expect(out.stderr).toContain(`…${last4(t.accountNumber)}`);
  });

  it('balance prints one status-bar line; --privacy prints no dollar figure', async () => {
    const totals = truthTotals(cli.sandbox.truth());
    const out = await human(['balance']);
    expect(out.code, out.stderr).toBe(0);
    const line = out.stdout.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^\$[\d,]+\.\d\d (?:[▲▼] )?\$[\d,]+\.\d\d \((?:[+-]\d+\.\d\d|0\.00)%\)$/);
    const arrow = totals.dayCents > 0 ? '▲ ' : totals.dayCents < 0 ? '▼ ' : '';
    expect(line.startsWith(`${usd(totals.liquidationCents)} ${arrow}${usd(Math.abs(totals.dayCents))} (`)).toBe(true);

    const { value: doc } = await json<PortfolioSnapshot>(['accounts']);
    const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(
      doc.totals.dayChangePercent / 100,
    );
    expect(line.endsWith(`(${pct})`)).toBe(true);

    const priv = await human(['balance', '--privacy']);
    expect(priv.code, priv.stderr).toBe(0);
    const p = priv.stdout.trimEnd();
    expect(p).not.toContain('$');
    expect(p).toMatch(/^(?:[▲▼] [+-]\d+\.\d\d|0\.00)%$/);
    expect(p.endsWith(pct)).toBe(true);
  });

  it('two live requests per refresh: accounts and the quotes of what is held (accountNumbers once per sign-in)', async () => {
    cli.sandbox.resetCounters();
    for (const args of [['balance'], ['accounts', '--json'], ['positions', '--json']]) {
      const r = await cli.runToEnd(args);
      expect(r.code, r.stderr).toBe(0);
    }
    const counters = cli.sandbox.counters();
    expect(counters).toEqual({ 'GET /trader/v1/accounts': 3, 'GET /marketdata/v1/quotes': 3 });

    // A new sign-in (another process) means the mapping and the account nicknames are fetched again, once.
    expect((await cli.signIn()).code).toBe(0);
    cli.sandbox.resetCounters();
    for (const args of [['balance'], ['balance']]) expect((await cli.runToEnd(args)).code).toBe(0);
    expect(cli.sandbox.counters()).toEqual({
      'GET /trader/v1/accounts': 2,
      'GET /trader/v1/accounts/accountNumbers': 1,
      'GET /marketdata/v1/quotes': 2,
      'GET /trader/v1/userPreference': 1,
    });
  });

  it('history --json has points after refreshes, the newest equal to the live total', async () => {
    cli.sandbox.tick();
    const truth = truthTotals(cli.sandbox.truth());
    const { value: doc } = await json<{ range: string; account: null; freshness: string; points: HistoryPoint[] }>(['history', '--range', '1D']);
    expect(doc.range).toBe('1D');
    expect(doc.account).toBeNull();
    expect(doc.freshness).toBe('fresh');
    expect(doc.points.length).toBeGreaterThan(0);
    expect(Math.round(doc.points.at(-1)!.value * 100)).toBe(truth.liquidationCents);
    for (let i = 1; i < doc.points.length; i++) expect(doc.points[i]!.time).toBeGreaterThanOrEqual(doc.points[i - 1]!.time);

    const account = cli.sandbox.truth().accounts[0]!;
    const { value: one } = await json<{ account: { accountNumber: string; hash: string }; points: HistoryPoint[] }>([
      'history',
      '--account',
      last4(account.accountNumber),
    ]);
    expect(one.account).toMatchObject({ accountNumber: account.accountNumber, hash: account.hashValue });
    expect(Math.round(one.points.at(-1)!.value * 100)).toBe(account.current.liquidationValueCents);

    const table = await human(['history', '--range', '1d']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(usd(truth.liquidationCents));
    expect(table.stdout).toMatch(/^All accounts, 1D: \d+ points?, /m);

    const bad = await cli.runToEnd(['history', '--range', '5Y']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--range takes 1D, 1W, 1M, 1Y or ALL');
  });

  it('audit lists the sign-in and holds no token or secret', async () => {
    const db = openDatabase(path.join(cli.dataDir, 'arbion.db'));
    const tokens = await new TokenVault(db, createFileKeyCipher(cli.dataDir)).readTokens();
    db.close();
    expect(tokens).not.toBeNull();
    const secrets = [tokens!.accessToken, tokens!.refreshToken, cli.sandbox.client.clientSecret];

    const table = await human(['audit', '--limit', '50']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/\ssign-in-completed\s+ok\s/);
    expect(table.stdout).toMatch(/\ssign-in-started\s/);

    const { value: entries, result } = await json<AuditEntry[]>(['audit', '--limit', '50']);
    expect(entries.some((e) => e.event === 'sign-in-completed' && e.outcome === 'ok')).toBe(true);
    for (const s of secrets) {
      expect(table.stdout).not.toContain(s);
      expect(result.stdout).not.toContain(s);
    }
    expect((await cli.runToEnd(['audit', '--limit', '0'])).code).toBe(2);
  });

  it('rate-limited: the cached snapshot, freshness in --json, a note on stderr, exit 0', async () => {
    // A Retry-After longer than the client will sleep inside a call goes straight to the caller.
    cli.sandbox.faults.failNext(1, 429, { retryAfterSec: 600, pathPrefix: '/trader/v1/accounts' });
    const { value: doc, result } = await json<PortfolioSnapshot>(['accounts']);
    expect(doc).toMatchObject({ source: 'cache', freshness: 'rate-limited' });
    expect(doc.totals.liquidationValue).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^Note: .*\(HTTP 429\).* Showing the saved snapshot from .* \[freshness: rate-limited\]\.$/m);
    cli.sandbox.faults.failNext(1, 429, { retryAfterSec: 600, pathPrefix: '/trader/v1/accounts' });
    const line = await human(['balance']);
    expect(line.code, line.stderr).toBe(0);
    expect(line.stdout.trimEnd()).toMatch(/\) ⏸ (?:[A-Z][a-z]{2} \d{1,2} )?\d\d:\d\d$/);
  });

  it('offline: balance falls back to the cached snapshot, marks the line with its time, and says why on stderr', async () => {
    const port = await freePort();
    const closed = { SCHWAB_API_BASE_URL: `http://127.0.0.1:${port}`, TZ: 'UTC' };
    const totals = truthTotals(cli.sandbox.truth());
    const out = await human(['balance'], closed);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.startsWith(usd(totals.liquidationCents))).toBe(true);
    // A status bar sees only stdout: the line itself says the figure is not live, and from when.
    const { value: cached } = await json<PortfolioSnapshot>(['accounts'], closed);
    expect(cached.source).toBe('cache');
    const hhmm = cached.asOf.slice(11, 16);
    expect(out.stdout.trimEnd()).toMatch(new RegExp(`^\\$[\\d,.]+ .*\\) ⏸ (?:[A-Z][a-z]{2} \\d{1,2} )?${hhmm}$`));
    const priv = await human(['balance', '--privacy'], closed);
    expect(priv.stdout.trimEnd()).toMatch(new RegExp(`%\\s⏸ (?:[A-Z][a-z]{2} \\d{1,2} )?${hhmm}$`));
    // Only the loopback sandbox is down: the note names it and does not blame the internet connection.
    expect(out.stderr).toMatch(
      new RegExp(`^Note: The sandbox at 127\\.0\\.0\\.1:${port} is not answering \\(connection refused\\)\\. Showing the saved snapshot from .* \\[freshness: offline\\]\\.$`, 'm'),
    );
    expect(out.stderr).not.toMatch(/internet/i);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('npm run --silent cli -- accounts --json: stdout is only JSON', async () => {
    const r = await cli.runNpm(['accounts', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as PortfolioSnapshot;
    expect(doc.totals.liquidationValue).toBe(truthTotals(cli.sandbox.truth()).liquidationCents);
  });

  it('doctor passes while signed in, then fails with how to sign in again once the sign-in is revoked', async () => {
    const ok = await human(['doctor']);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^ok\s+Accounts request\s+\d+ ms\s+Schwab answered with 3 linked accounts and \d+ positions\.$/m);
    const { value: report } = await json<ConnectionReport>(['doctor']);
    expect(report.ok).toBe(true);

    cli.sandbox.faults.revokeRefreshTokens();
    cli.sandbox.faults.expireAccessTokens();
    const bad = await human(['doctor']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL\s+Accounts request\s+ReauthRequired: /m);
    const lastLine = bad.stderr.trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^arbion doctor: .*Run `arbion login` to sign in again\.$/);

    const badJson = await cli.runToEnd(['doctor', '--json']);
    expect(badJson.code).toBe(1);
    expect((JSON.parse(badJson.stdout) as ConnectionReport & { authStatus: string })).toMatchObject({ ok: false, authStatus: 'reauth-required' });
  });

  it('with the sign-in gone, data commands fail with one line naming arbion login (and print no numbers)', async () => {
    for (const cmd of [['accounts'], ['balance'], ['positions', '--json']]) {
      const r = await human(cmd);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^arbion ${cmd[0]}: .*Run \`arbion login\` to sign in again\\. \\[ReauthRequired\\]$`));
    }
  });

  it('no human-readable output carried a full account number', () => {
    const numbers = cli.sandbox.truth().accounts.map((a) => a.accountNumber);
    expect(humanOutputs.length).toBeGreaterThan(10);
    for (const r of humanOutputs) for (const n of numbers) expect(r.stdout + r.stderr).not.toContain(n);
  });
});

describe('CLI formatting (pure)', () => {
  it('the stale mark: the local time for data from today, the date too for older data', async () => {
    const { staleMarker } = await import('../../main/cli/format/balanceLine');
    const asOf = new Date(2026, 2, 2, 14, 2, 30).toISOString();
    expect(staleMarker(asOf, new Date(2026, 2, 2, 15, 40).getTime())).toBe('⏸ 14:02');
    expect(staleMarker(asOf, new Date(2026, 2, 3, 9, 0).getTime())).toBe('⏸ Mar 2 14:02');
  });

  it('balance lines: up, down, flat; privacy shows no dollar figure', async () => {
    const { balanceLine, privateBalanceLine } = await import('../../main/cli/format/balanceLine');
    expect(balanceLine({ liquidationValue: toCents(128410.07), dayChange: toCents(912.55), dayChangePercent: 0.72 })).toBe('$128,410.07 ▲ $912.55 (+0.72%)');
    expect(balanceLine({ liquidationValue: toCents(128410.07), dayChange: toCents(-912.55), dayChangePercent: -0.71 })).toBe('$128,410.07 ▼ $912.55 (-0.71%)');
    expect(balanceLine({ liquidationValue: toCents(5), dayChange: toCents(-0.004), dayChangePercent: -0.001 })).toBe('$5.00 $0.00 (0.00%)');
    expect(privateBalanceLine({ liquidationValue: toCents(128410.07), dayChange: toCents(912.55), dayChangePercent: 0.72 })).toBe('▲ +0.72%');
    expect(privateBalanceLine({ liquidationValue: toCents(1), dayChange: toCents(-1), dayChangePercent: -1.05 })).toBe('▼ -1.05%');
    expect(privateBalanceLine({ liquidationValue: toCents(1), dayChange: toCents(0), dayChangePercent: 0 })).toBe('0.00%');
  });

  it('option symbols read as "SPY 18 Dec 26 550 C"; other symbols pass through', async () => {
    const { formatSymbol, symbolSortKey } = await import('../../common/format/optionSymbol');
    expect(formatSymbol('SPY   261218C00550000')).toBe('SPY 18 Dec 26 550 C');
    expect(formatSymbol('AAPL  261218P00222500')).toBe('AAPL 18 Dec 26 222.5 P');
    expect(formatSymbol('BRK.B')).toBe('BRK.B');
    expect(formatSymbol('SPY   261318C00550000')).toBe('SPY   261318C00550000'); // month 13: not an option symbol
    const sorted = ['SPY   270115P00560000', 'SPY', 'SPY   261218C00550000'].sort((a, b) => symbolSortKey(a).localeCompare(symbolSortKey(b)));
    expect(sorted).toEqual(['SPY', 'SPY   261218C00550000', 'SPY   270115P00560000']);
  });

  it('tables pad to the widest cell and right-align numbers', async () => {
    const { renderTable } = await import('../../main/cli/format/table');
    const lines = renderTable([{ header: 'Acct' }, { header: 'Value', align: 'right' }], [['…4410', '$1.00'], ['…12', '$1,000.00']], [['Total', '$1,001.00']]);
    expect(lines).toEqual(['Acct       Value', '-----  ---------', '…4410      $1.00', '…12    $1,000.00', '-----  ---------', 'Total  $1,001.00']);
  });

  it('--account: full number, hash, last digits; ambiguous suffixes are refused', async () => {
    const { selectAccount } = await import('../../main/cli/accountSelector');
    const acct = (accountNumber: string, hash: string) =>
      ({ accountNumber, hash, displayNumber: `…${accountNumber.slice(-4)}` }) as PortfolioSnapshot['accounts'][number];
    const list = [acct('11114410', 'HASHA'), acct('22224410', 'HASHB'), acct('33337777', 'HASHC')];
    expect(selectAccount(list, '33337777').hash).toBe('HASHC');
    expect(selectAccount(list, 'HASHB').hash).toBe('HASHB');
    expect(selectAccount(list, '7777').hash).toBe('HASHC');
    expect(selectAccount(list, '…7777').hash).toBe('HASHC');
    expect(selectAccount(list, '14410').hash).toBe('HASHA');
    expect(() => selectAccount(list, '4410')).toThrow(/matches 2 accounts \(…4410, …4410\)/);
    expect(() => selectAccount(list, '99999999')).toThrow(/No account matches --account …9999 /);
  });
});
