// The one place a transport (ipcMain, the browser host's WebSocket) turns a method name and raw
// arguments into a handler call: unknown methods and invalid arguments never reach the core.
import { INVOKE_METHODS, METHODS, type ArbionHandlers, type InvokeMethod, type WireError } from '../../../common/contract';
import { ArbionError, toArbionError } from '../errors';

export function isInvokeMethod(name: unknown): name is InvokeMethod {
  return typeof name === 'string' && (INVOKE_METHODS as readonly string[]).includes(name);
}

/** Validates `rawArgs` against the contract's schema for `method`, then calls the handler. */
export async function dispatch(handlers: ArbionHandlers, method: unknown, rawArgs: unknown): Promise<unknown> {
  if (!isInvokeMethod(method)) {
    throw new ArbionError('BadRequest', `Unknown method: ${String(method).slice(0, 40)}`);
  }
  const parsed = METHODS[method].args.safeParse(Array.isArray(rawArgs) ? rawArgs : []);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new ArbionError('BadRequest', `Invalid arguments for ${method}${where ? ` at ${where}` : ''}`);
  }
  const fn = handlers[method] as (...args: unknown[]) => Promise<unknown>;
  return fn(...(parsed.data as unknown[]));
}

export type { WireError };

/** What crosses a transport when a handler fails: a code and a message, never a stack or a cause. */
export function toWireError(e: unknown): WireError {
  const err = toArbionError(e);
  return { code: err.code, message: err.message };
}
