// Margin detail: from Schwab's real MARGIN payloads, and from the sandbox over loopback HTTP (including an
// account forced into a margin call through the sandbox's typed options).
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAccounts } from '../../../main/core/portfolio/normalize';
import { createAccountsClient } from '../../../main/core/schwab/accountsClient';
import { createSchwabHttpClient } from '../../../main/core/schwab/httpClient';
import { startSandbox, type Sandbox } from '../../../main/sandbox/index';
import { loadAccounts } from './fixtures';
import { sandboxTokenSource } from '../schwab/sandboxTokens';

const hashFor = (n: string): string => `h${n}`;

describe('margin detail from real payloads', () => {
  it('takes every figure from the MARGIN capture, current balances first, start-of-day margin equity from initial', () => {
    const snap = normalizeAccounts(loadAccounts('account-margin-with-positions.json'), { hashFor, asOf: 0 });
    expect(snap.accounts[0]!.margin).toEqual({
      equity: 74472,
      equityPercent: 100,
      marginEquity: 73190,
      maintenanceRequirement: 9984,
      sma: 129400,
      dayTradingBuyingPower: 200000,
      optionBuyingPower: null,
      stockBuyingPower: 10000,
      unsettledCash: null,
      roundTrips: 0,
      isDayTrader: false,
      isInCall: false,
      calls: [],
    });
  });

  it('gives CASH accounts no margin detail', () => {
    const snap = normalizeAccounts(loadAccounts('account-cash-with-positions.json'), { hashFor, asOf: 0 });
    expect(snap.accounts[0]!.type).toBe('CASH');
    expect(snap.accounts[0]!.margin).toBeUndefined();
  });

  it('reports call amounts in cents and treats a numeric isInCall as the spec types it', () => {
    const [account] = loadAccounts('account-margin-with-positions.json');
    const sa = account!.securitiesAccount;
    if (sa.type !== 'MARGIN') throw new Error('fixture is MARGIN');
    sa.currentBalances.maintenanceCall = 1234.565000001;
    sa.projectedBalances = { ...sa.projectedBalances, regTCall: 50.1, isInCall: 1, optionBuyingPower: 88.2 };
    const m = normalizeAccounts([account!], { hashFor, asOf: 0 }).accounts[0]!.margin!;
    expect(m.isInCall).toBe(true);
    expect(m.calls).toEqual([
      { kind: 'maintenance', amount: 123457 },
      { kind: 'reg-t', amount: 5010 },
    ]);
    expect(m.optionBuyingPower).toBe(8820);
  });
});

describe('margin detail from the sandbox', () => {
  let sandbox: Sandbox | null = null;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = null;
  });

  async function fetchSnapshot(sb: Sandbox) {
    const tokens = await sandboxTokenSource(sb);
    const client = createAccountsClient(createSchwabHttpClient({ baseUrl: sb.baseUrl, tokens }));
    const res = await client.getAccountsWithPositions();
    return { raw: res.data, snapshot: normalizeAccounts(res.data, { hashFor, asOf: 0 }) };
  }

  it('sends the margin fields on every MARGIN account, consistent across blocks, and none on CASH', async () => {
    sandbox = await startSandbox();
    const { raw, snapshot } = await fetchSnapshot(sandbox);
    const truth = sandbox.truth();
    for (const [i, a] of snapshot.accounts.entries()) {
      if (a.type === 'CASH') {
        expect(a.margin).toBeUndefined();
        continue;
      }
      const t = truth.accounts[i]!;
      expect(a.margin!.maintenanceRequirement).toBe(t.current.maintenanceRequirementCents);
      expect(a.margin!.equity).toBe(t.current.equityCents);
      expect(a.margin!.sma).toBe(t.current.availableFundsCents);
      expect(a.margin!.dayTradingBuyingPower).toBe(4 * t.current.availableFundsCents);
      expect(a.margin!.roundTrips).toBe(0);
      expect(a.margin!.isInCall).toBe(false);
      const sa = raw[i]!.securitiesAccount;
      if (sa.type !== 'MARGIN') throw new Error('type mismatch');
      expect(sa.initialBalances?.isInCall).toBe(sa.projectedBalances?.isInCall);
    }
    expect(snapshot.accounts.some((a) => a.margin)).toBe(true);
  });

  it('puts an account into a margin call through its typed options, and clears it at run time', async () => {
    sandbox = await startSandbox({
      marginStates: [{ account: 0, regTCallCents: 250_000, maintenanceCallCents: 123_456, roundTrips: 3 }],
    });
    const { raw, snapshot } = await fetchSnapshot(sandbox);
    const m = snapshot.accounts[0]!.margin!;
    expect(m.isInCall).toBe(true);
    expect(m.roundTrips).toBe(3);
    expect(m.calls).toEqual([
      { kind: 'maintenance', amount: 123456 },
      { kind: 'reg-t', amount: 250000 },
    ]);
    const sa = raw[0]!.securitiesAccount;
    if (sa.type !== 'MARGIN') throw new Error('account 0 is MARGIN');
    // Every block that reports a call says the same thing.
    expect([sa.initialBalances?.isInCall, sa.projectedBalances?.isInCall]).toEqual([true, true]);
    expect([sa.currentBalances.regTCall, sa.projectedBalances?.regTCall, sa.initialBalances?.regTCall]).toEqual([2500, 2500, 2500]);

    sandbox.setMarginState(sandbox.truth().accounts[0]!.hashValue, null);
    const after = await fetchSnapshot(sandbox);
    expect(after.snapshot.accounts[0]!.margin!.isInCall).toBe(false);
    expect(after.snapshot.accounts[0]!.margin!.calls).toEqual([]);
  });

  it('refuses a margin state for an account that does not exist or is a CASH account', async () => {
    await expect(startSandbox({ marginStates: [{ account: 9, regTCallCents: 1 }] })).rejects.toThrow(/no account 9/);
    await expect(startSandbox({ marginStates: [{ account: 1, regTCallCents: 1 }] })).rejects.toThrow(/CASH account/);
  });
});
