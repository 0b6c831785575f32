// The live CLI commands as child processes against the sandbox: `arbion watch --json` prints the snapshot,
// then a patch line per streamed change; `arbion balance --watch` prints a new line when a tick moves the
// total. A sandbox tick reaches them through the sandbox's Streamer; Ctrl-C (SIGINT) exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioPatch, PortfolioSnapshot } from '../../common/contract';
import { startCliHarness, type CliHarness, type CliRun } from './cliHarness';

let cli: CliHarness;
beforeAll(async () => {
  cli = await startCliHarness({ seed: 5 });
  await cli.signIn();
}, 60_000);
afterAll(async () => {
  await cli?.close();
});

type Line = { type: 'snapshot'; snapshot: PortfolioSnapshot } | { type: 'patch'; patch: PortfolioPatch };
const lines = (r: CliRun): Line[] =>
  r
    .stdout()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);

/** Resolves once a new Streamer connection (the child's) has subscribed to what is held. */
async function childSubscribed(loginsBefore: number): Promise<void> {
  await cli.sandbox.streamerLoginsReached(loginsBefore + 1);
  await expect.poll(() => cli.sandbox.streamerConnections().at(-1)?.LEVELONE_EQUITIES.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
}

async function interrupt(r: CliRun): Promise<number> {
  r.child.kill('SIGINT');
  return r.exit;
}

describe('arbion watch', () => {
  it('--json prints one snapshot line, then patch lines after a sandbox tick; Ctrl-C exits 0', async () => {
    const logins = cli.sandbox.streamerLogins();
    const r = cli.run(['watch', '--json']);
    await r.line(/^\{"type":"snapshot"/);
    await childSubscribed(logins);
    const first = lines(r)[0]!;
    expect(first.type).toBe('snapshot');
    const startTotal = first.type === 'snapshot' ? first.snapshot.totals.liquidationValue : 0;

    cli.sandbox.tick();
    await r.line(/^\{"type":"patch"/);
    const patch = lines(r).find((l) => l.type === 'patch')!;
    expect(patch.type === 'patch' && patch.patch.positions.length).toBeGreaterThan(0);
    // The patched total is the sandbox's own total at this instant, to the cent.
    const truth = cli.sandbox.truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0);
    const lastTotal = (): number | undefined =>
      lines(r)
        .map((l) => (l.type === 'patch' ? l.patch.totals.liquidationValue : l.snapshot.totals.liquidationValue))
        .at(-1);
    // One tick may arrive as two frames (equities, options), so two patches.
    await expect.poll(lastTotal, { timeout: 5_000 }).toBe(truth);
    expect(truth).not.toBe(startTotal);
    expect(await interrupt(r)).toBe(0);
  }, 60_000);

  it('without --json redraws the totals and positions in place', async () => {
    const logins = cli.sandbox.streamerLogins();
    const r = cli.run(['watch']);
    await r.line(/^Total \$/);
    await childSubscribed(logins);
    const frames = (): number => r.stdout().split('\n').filter((l) => l.startsWith('Total $')).length;
    const before = frames();
    cli.sandbox.tick();
    await expect.poll(frames, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(r.stdout()).toMatch(/Market value/);
    expect(await interrupt(r)).toBe(0);
  }, 60_000);
});

describe('arbion balance --watch', () => {
  it('prints the balance line, then a new line after a tick; Ctrl-C exits 0', async () => {
    const logins = cli.sandbox.streamerLogins();
    const r = cli.run(['balance', '--watch']);
    const first = await r.line(/^\$[\d,]+\.\d{2} /);
    await childSubscribed(logins);
    const count = (): number => r.stdout().split('\n').filter((l) => l.trim() !== '').length;
    const before = count();
    cli.sandbox.tick();
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    const truth = cli.sandbox.truth().accounts.reduce((sum, a) => sum + a.current.liquidationValueCents, 0);
    const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(truth / 100);
    await expect.poll(() => r.stdout().trim().split('\n').at(-1)!.split(' ')[0], { timeout: 5_000 }).toBe(expected);
    expect(r.stdout().trim().split('\n').at(-1)).not.toBe(first);
    expect(await interrupt(r)).toBe(0);
  }, 60_000);
});
