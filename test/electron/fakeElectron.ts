// Just enough of Electron's main-process objects to drive the glue under Node: event emitters with the
// methods our code calls, recording what it did. Only the OS (Electron) is faked; everything else is real.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  detached: boolean;
  isDestroyed(): boolean;
}

let nextFrameId = 1;
export function fakeFrame(url: string, parent: FakeFrame | null = null): FakeFrame {
  return { url, parent, frameTreeNodeId: nextFrameId++, detached: false, isDestroyed: () => false };
}

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  readonly mainFrame: FakeFrame;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;

  constructor(public url = 'app://arbion/index.html') {
    super();
    this.mainFrame = fakeFrame(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }
}

/** An IpcMainInvokeEvent as Electron builds it for a call from `frame` inside `sender`. */
export function invokeEvent(sender: FakeWebContents, frame: FakeFrame | null = sender.mainFrame): IpcMainInvokeEvent {
  return { sender, senderFrame: frame as unknown as WebFrameMain | null } as unknown as IpcMainInvokeEvent;
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke does: runs the handler; a throw becomes a rejection with Electron's prefix. */
  async invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    try {
      return await handler(event, ...args);
    } catch (e) {
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`, { cause: e });
    }
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  visible = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  loadedUrl: string | null = null;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new FakeWebContents();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  /** The user clicks the close button: returns whether the window really closed. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
  asBrowserWindow(): BrowserWindow {
    return this as unknown as BrowserWindow;
  }
}

export class FakeNativeImage {
  readonly representations: Array<{ scaleFactor: number; size: number }> = [];
  template = false;
  constructor(readonly buffer: Buffer, scaleFactor: number) {
    this.representations.push({ scaleFactor, size: buffer.length });
  }
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void {
    this.representations.push({ scaleFactor: options.scaleFactor, size: options.buffer.length });
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export const fakeNativeImage = {
  createFromBuffer: (buffer: Buffer, options?: { scaleFactor?: number }) =>
    new FakeNativeImage(buffer, options?.scaleFactor ?? 1) as unknown as Electron.NativeImage,
};

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeNativeImage;
  tooltip = '';
  title = '';
  menu: Electron.MenuItemConstructorOptions[] = [];
  calls: string[] = [];
  destroyed = false;
  constructor(image: Electron.NativeImage) {
    super();
    this.image = image as unknown as FakeNativeImage;
    FakeTray.instances.push(this);
  }
  setImage(image: Electron.NativeImage): void {
    this.image = image as unknown as FakeNativeImage;
    this.calls.push('setImage');
  }
  setToolTip(text: string): void {
    this.tooltip = text;
    this.calls.push('setToolTip');
  }
  setTitle(text: string): void {
    this.title = text;
    this.calls.push('setTitle');
  }
  setContextMenu(menu: { template: Electron.MenuItemConstructorOptions[] }): void {
    this.menu = menu.template;
    this.calls.push('setContextMenu');
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export const fakeMenu = {
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => ({ template }) as unknown as Electron.Menu,
};

/** The clickable item with this label in a built tray menu. */
export function menuItem(menu: Electron.MenuItemConstructorOptions[], label: string | RegExp): Electron.MenuItemConstructorOptions {
  const item = menu.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
  if (!item) throw new Error(`No menu item ${String(label)} in ${menu.map((i) => i.label).join(' | ')}`);
  return item;
}

export function clickMenuItem(menu: Electron.MenuItemConstructorOptions[], label: string | RegExp): void {
  const item = menuItem(menu, label);
  const click = item.click as (() => void) | undefined;
  if (!click) throw new Error(`Menu item ${item.label} is not clickable`);
  click();
}

export class FakeNotification {
  static shown: Array<{ title: string; body: string }> = [];
  /** Every notification shown, to play the OS's click / close / failed events on. */
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  private readonly emitter = new EventEmitter();
  constructor(private readonly options: Electron.NotificationConstructorOptions) {}
  on(event: string, cb: () => void): this {
    this.emitter.on(event, cb);
    return this;
  }
  show(): void {
    FakeNotification.shown.push({ title: this.options.title ?? '', body: this.options.body ?? '' });
    FakeNotification.instances.push(this);
  }
  /** What the OS does: the user clicks or dismisses it, or it could not be displayed. */
  emit(event: 'click' | 'close' | 'failed'): void {
    this.emitter.emit(event);
  }
  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }
}
