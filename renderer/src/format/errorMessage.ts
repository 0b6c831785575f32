// Turns a rejected bridge call into a sentence: Electron prefixes IPC errors with the channel name, which
// means nothing to a trader.
export function errorMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'Something went wrong.';
  return raw.replace(/^Error invoking remote method '[^']+':\s*/, '').replace(/^(?:[A-Za-z]*Error):\s*/, '') || 'Something went wrong.';
}

/** The error's `code` when the host passed one through (e.g. "PortBusy"), else null. */
export function errorCode(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : null;
  }
  return null;
}
