// Channel names shared by the preload and the main-side binding. Kept free of runtime imports so the
// sandboxed preload bundle stays tiny (contract.ts pulls in zod); a unit test pins these to the contract.
import type { EventName, InvokeMethod } from './contract';

export const CHANNEL_PREFIX = 'arbion:';

export function invokeChannel(method: InvokeMethod): string {
  return `${CHANNEL_PREFIX}${method}`;
}

/** Events use their own namespace so they can never be confused with an invoke channel. */
export function eventChannel(name: EventName): string {
  return `${CHANNEL_PREFIX}event:${name}`;
}

/**
 * Errors cross IPC as plain messages (Electron keeps only the message), so the main side throws
 * "<Code>: <message>" and the preload strips Electron's "Error invoking remote method …" prefix.
 */
export function formatIpcError(code: string, message: string): string {
  return `${code}: ${message}`;
}

const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

export function cleanIpcErrorMessage(message: string): string {
  return message.replace(REMOTE_PREFIX, '');
}
