// Channel names and the error format shared by the preload and the main-side binding; a unit test pins
// these to the contract.
import { isErrorCode, type EventName, type InvokeMethod, type WireError } from '../common/contract';

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
 * "<Code>: <message>" and the preload turns that back into { code, message }, the shape every transport
 * rejects with.
 */
export function formatIpcError(code: string, message: string): string {
  return `${code}: ${message}`;
}

const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

export function cleanIpcErrorMessage(message: string): string {
  return message.replace(REMOTE_PREFIX, '');
}

const CODED = /^([A-Z][A-Za-z]{1,40}): ([\s\S]*)$/;

/** Electron's rejection message → the wire error the main side threw; an uncoded one is Internal. */
export function parseIpcError(message: string): WireError {
  const clean = cleanIpcErrorMessage(message);
  const coded = CODED.exec(clean);
  return coded && isErrorCode(coded[1]) ? { code: coded[1], message: coded[2]! } : { code: 'Internal', message: clean };
}
