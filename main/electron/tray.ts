// Applies a TrayView (trayModel.ts) to Electron's Tray and Menu. No decisions here beyond platform
// quirks: the title exists on macOS only, and macOS wants template images.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { TRAY_ICONS, type TrayIconVariant } from './trayIcons';
import type { TrayCommand, TrayMenuItem, TrayView } from './trayModel';

export interface TrayElectron {
  Tray: new (image: NativeImage) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: { createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): NativeImage };
}

export interface TrayController {
  render(view: TrayView): void;
  destroy(): void;
}

export function trayIcon(electron: TrayElectron, platform: NodeJS.Platform, dimmed: boolean, marked = false): NativeImage {
  const base = platform === 'darwin' ? (dimmed ? 'template-dimmed' : 'template') : dimmed ? 'dimmed' : 'color';
  const variant: TrayIconVariant = marked ? `${base}-marked` : base;
  const { x1, x2 } = TRAY_ICONS[variant];
  const image = electron.nativeImage.createFromBuffer(Buffer.from(x1, 'base64'), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: Buffer.from(x2, 'base64') });
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}

export function toMenuTemplate(items: readonly TrayMenuItem[], onCommand: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onCommand(item.command) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, click: () => onCommand(item.command) };
      case 'radio':
        return { type: 'radio', label: item.label, checked: item.checked, click: () => onCommand(item.command) };
    }
  });
}

export function createTrayController(
  electron: TrayElectron,
  platform: NodeJS.Platform,
  onCommand: (command: TrayCommand) => void,
): TrayController {
  let dimmed = true;
  let marked = false;
  const tray = new electron.Tray(trayIcon(electron, platform, dimmed, marked));
  // Windows and most Linux trays open menus on right-click; a left click should bring the window.
  if (platform !== 'darwin') tray.on('click', () => onCommand({ type: 'open' }));
  let lastMenu = '';
  let lastTooltip = '';
  let lastTitle: string | null = null;

  return {
    render(view) {
      if (view.dimmed !== dimmed || view.alertMark !== marked) {
        dimmed = view.dimmed;
        marked = view.alertMark;
        tray.setImage(trayIcon(electron, platform, dimmed, marked));
      }
      if (view.tooltip !== lastTooltip) {
        lastTooltip = view.tooltip;
        tray.setToolTip(view.tooltip);
      }
      if (platform === 'darwin' && view.title !== lastTitle) {
        lastTitle = view.title;
        // Monospaced digits keep the menu bar from jittering as the value ticks.
        tray.setTitle(view.title, { fontType: 'monospacedDigit' });
      }
      const menuKey = JSON.stringify(view.menu);
      if (menuKey !== lastMenu) {
        lastMenu = menuKey;
        tray.setContextMenu(electron.Menu.buildFromTemplate(toMenuTemplate(view.menu, onCommand)));
      }
    },
    destroy() {
      tray.destroy();
    },
  };
}
