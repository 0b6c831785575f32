// Binds the core's handler table to ipcMain through ONE wrapper (VS Code's validatedIpcMain): a call is
// served only when it comes from the top frame of our window showing our origin, and only with arguments
// that pass the contract's schemas (dispatch). Core events are pushed to that window and nowhere else.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_NAMES, INVOKE_METHODS, type ArbionHandlers } from '../../common/contract';
import { eventChannel, formatIpcError, invokeChannel } from '../../preload/ipcChannels';
import type { CoreEvents } from '../core/api/coreTypes';
import { dispatch, toWireError } from '../core/api/dispatch';
import type { Logger } from '../core/ports';
import type { OriginCheck } from './appOrigin';

/** The window whose main frame may call us; null while it does not exist. */
export type TrustedContents = () => WebContents | null;

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function createSenderCheck(getContents: TrustedContents, isOurUrl: OriginCheck): SenderCheck {
  return (event) => {
    const contents = getContents();
    if (!contents || contents.isDestroyed()) return false;
    if (event.sender !== contents) return false;
    const frame = event.senderFrame;
    // null when the frame navigated or was destroyed before we looked: treat as foreign.
    if (!frame || frame.isDestroyed() || frame.detached) return false;
    const main = contents.mainFrame;
    if (frame.parent !== null || frame.frameTreeNodeId !== main.frameTreeNodeId) return false;
    return isOurUrl(frame.url);
  };
}

export interface IpcBindingOptions {
  isTrustedSender: SenderCheck;
  logger: Logger;
}

/** Registers one ipcMain handler per contract method; returns a function that removes them. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: ArbionHandlers, options: IpcBindingOptions): () => void {
  const { isTrustedSender, logger } = options;
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event)) {
        logger.warn('Rejected an IPC call from an untrusted sender', { method, url: senderOrigin(event) });
        throw new Error(formatIpcError('Forbidden', 'This page may not call Arbion.'));
      }
      try {
        return await dispatch(handlers, method, args);
      } catch (e) {
        const wire = toWireError(e);
        logger.debug('IPC call failed', { method, code: wire.code });
        throw new Error(formatIpcError(wire.code, wire.message), { cause: e });
      }
    });
  }
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}

/** Pushes snapshot/authState/settings events to our window while it shows our origin. */
export function forwardEvents(events: CoreEvents, getContents: TrustedContents, isOurUrl: OriginCheck): () => void {
  const offs = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      const contents = getContents();
      if (!contents || contents.isDestroyed() || !isOurUrl(contents.getURL())) return;
      contents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}

function senderOrigin(event: IpcMainInvokeEvent): string {
  try {
    const url = new URL(event.senderFrame?.url ?? '');
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'unknown';
  }
}
