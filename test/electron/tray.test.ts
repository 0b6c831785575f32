// tray.ts applies a TrayView to Electron's Tray: title on macOS only, template icons there, dimmed icon
// swap, menu clicks dispatched as commands, and no needless menu rebuilds.
import { beforeEach, describe, expect, it } from 'vitest';
import { toCents } from '../../common/money/cents';
import { DEFAULT_SETTINGS, type PortfolioSnapshot } from '../../common/contract';
import { buildAuthState } from '../support/authState';
import { createTrayController } from '../../main/electron/tray';
import { buildTrayView, type TrayCommand } from '../../main/electron/trayModel';
import { FakeTray, clickMenuItem, fakeMenu, fakeNativeImage, menuItem } from './fakeElectron';

const electron = { Tray: FakeTray as unknown as new (i: Electron.NativeImage) => Electron.Tray, Menu: fakeMenu, nativeImage: fakeNativeImage };

const snap = (freshness: PortfolioSnapshot['freshness']): PortfolioSnapshot => ({
  asOf: '2026-03-02T14:59:50Z',
  source: 'live',
  freshness,
  freshnessReason: null,
  demo: false,
  accounts: [],
  totals: { liquidationValue: toCents(128410.07), cashBalance: toCents(0), dayChange: toCents(918.23), dayChangePercent: 0.72, buyingPower: null, longValue: toCents(0), shortValue: toCents(0), positionCount: 0 },
});
const auth = buildAuthState({ refreshExpiresAt: null });
const view = (freshness: PortfolioSnapshot['freshness'], privacyMode = false) =>
  buildTrayView({ snapshot: snap(freshness), auth, settings: { ...DEFAULT_SETTINGS, privacyMode }, now: Date.parse('2026-03-02T15:00:00Z') });

beforeEach(() => {
  FakeTray.instances = [];
});

describe('the tray controller', () => {
  it('macOS: sets the title and tooltip, uses template images, dims when stale', () => {
    const commands: TrayCommand[] = [];
    const ctl = createTrayController(electron, 'darwin', (c) => commands.push(c));
    const tray = FakeTray.instances[0]!;
    expect(tray.image.template).toBe(true);
    expect(tray.image.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    ctl.render(view('fresh'));
    expect(tray.title).toBe('$128,410.07 ▲0.72%');
    expect(tray.tooltip).toMatch(/^Arbion: Total \$128,410\.07 ▲0\.72%/);
    const brightIcon = tray.image;
    ctl.render(view('offline'));
    expect(tray.image).not.toBe(brightIcon);
    expect(tray.image.template).toBe(true);
    expect(tray.tooltip).toMatch(/Offline/);
  });

  it('Windows/Linux: no title, colour icons, a left click opens the window', () => {
    const commands: TrayCommand[] = [];
    const ctl = createTrayController(electron, 'linux', (c) => commands.push(c));
    const tray = FakeTray.instances[0]!;
    ctl.render(view('fresh'));
    expect(tray.calls).not.toContain('setTitle');
    expect(tray.image.template).toBe(false);
    tray.emit('click');
    expect(commands).toEqual([{ type: 'open' }]);
  });

  it('dispatches menu clicks as commands', () => {
    const commands: TrayCommand[] = [];
    const ctl = createTrayController(electron, 'win32', (c) => commands.push(c));
    ctl.render(view('fresh'));
    const menu = FakeTray.instances[0]!.menu;
    clickMenuItem(menu, 'Refresh now');
    clickMenuItem(menu, 'Privacy mode');
    clickMenuItem(menu, /^Total/);
    clickMenuItem(menu, 'Quit Arbion');
    expect(commands).toEqual([{ type: 'refresh' }, { type: 'toggle-privacy' }, { type: 'show-total' }, { type: 'quit' }]);
    expect(menuItem(menu, 'Privacy mode')).toMatchObject({ type: 'checkbox', checked: false });
    expect(menuItem(menu, /^Total/)).toMatchObject({ type: 'radio', checked: true });
  });

  it('rebuilds the menu only when it changed; privacy swaps values for percentages', () => {
    const ctl = createTrayController(electron, 'darwin', () => undefined);
    const tray = FakeTray.instances[0]!;
    ctl.render(view('fresh'));
    ctl.render(view('fresh'));
    expect(tray.calls.filter((c) => c === 'setContextMenu')).toHaveLength(1);
    ctl.render(view('fresh', true));
    expect(tray.calls.filter((c) => c === 'setContextMenu')).toHaveLength(2);
    expect(tray.title).toBe('▲0.72%');
    expect(JSON.stringify(tray.menu.map((i) => i.label))).not.toContain('$');
  });

  it('destroys the tray icon', () => {
    createTrayController(electron, 'linux', () => undefined).destroy();
    expect(FakeTray.instances[0]!.destroyed).toBe(true);
  });
});
