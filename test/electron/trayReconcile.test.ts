// The tray's text over the sandbox's moving portfolio: the total it shows (title and menu) equals the sum of
// the accounts it lists, and each account's day change adds up to the total's, to the cent, read from the
// strings the tray displays, poll after poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type PortfolioSnapshot, type Settings } from '../../common/contract';
import { buildTrayView, type TrayMenuItem } from '../../main/electron/trayModel';
import { buildAuthState } from '../support/authState';
import { startMovingPortfolio, type MovingPortfolio } from '../support/movingPortfolio';
import { expectSnapshotReconciles } from '../support/reconcile';

let moving: MovingPortfolio;

beforeAll(async () => {
  moving = await startMovingPortfolio();
});
afterAll(async () => {
  await moving?.close();
});

/** "$128,410.07" → 12841007; "▼$12.00" → -1200. */
function centsOf(text: string): number {
  const m = /([▲▼]?)\$([\d,]+\.\d\d)/.exec(text);
  if (!m) throw new Error(`no dollar figure in ${JSON.stringify(text)}`);
  const magnitude = Number(m[2]!.replace(/,/g, '').replace('.', ''));
  return m[1] === '▼' ? -magnitude : magnitude;
}

const sum = (xs: readonly number[]): number => xs.reduce((n, x) => n + x, 0);

function tray(snapshot: PortfolioSnapshot, over: Partial<Settings>) {
  return buildTrayView({
    snapshot,
    auth: buildAuthState({ mode: 'demo' }),
    settings: { ...DEFAULT_SETTINGS, ...over },
    now: Date.parse(snapshot.asOf),
    locale: 'en-US',
    timeZone: 'UTC',
  });
}

const radios = (menu: TrayMenuItem[]): string[] => menu.flatMap((i) => (i.kind === 'radio' ? [i.label] : []));

describe('tray text reconciles with the snapshot over the moving sandbox', () => {
  it('total = sum of the accounts shown, in the title and the menu, for value and day change', async () => {
    const totals = new Set<number>();
    let snapshot = moving.first;
    for (let poll = 0; poll < 20; poll++) {
      if (poll > 0) snapshot = await moving.step(2);
      expectSnapshotReconciles(snapshot);
      expect(snapshot.accounts.length).toBeGreaterThan(1);

      const byValue = tray(snapshot, { trayFormat: 'value' });
      const [totalLabel, ...accountLabels] = radios(byValue.menu);
      expect(totalLabel).toMatch(/^Total {2}/);
      expect(accountLabels).toHaveLength(snapshot.accounts.length);
      const shownTotal = centsOf(totalLabel!);
      expect(centsOf(byValue.title), `poll ${poll}`).toBe(shownTotal);
      expect(shownTotal, `poll ${poll}`).toBe(sum(accountLabels.map(centsOf)));
      expect(shownTotal).toBe(snapshot.totals.liquidationValue);
      totals.add(shownTotal);

      const dayTotal = centsOf(tray(snapshot, { trayFormat: 'day-change' }).title);
      const dayParts = snapshot.accounts.map((a) => centsOf(tray(snapshot, { trayFormat: 'day-change', trayShow: 'account', trayAccount: a.hash }).title));
      expect(dayTotal, `poll ${poll}`).toBe(sum(dayParts));
      expect(dayTotal).toBe(sum(snapshot.accounts.flatMap((a) => a.positions.map((p) => p.dayProfitLoss))));
    }
    expect(totals.size).toBeGreaterThan(1);
  });
});
