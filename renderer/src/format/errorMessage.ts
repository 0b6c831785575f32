// Turns a rejected bridge call into a sentence. Every host rejects with { code, message }; an Error from
// elsewhere (or an old Electron prefix) still reads as plain words.
function rawMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return '';
}

export function errorMessage(e: unknown): string {
  return (
    rawMessage(e)
      .replace(/^Error invoking remote method '[^']+':\s*/, '')
      .replace(/^(?:[A-Za-z]*Error):\s*/, '') || 'Something went wrong.'
  );
}

/** The error's `code` when the host passed one through (e.g. "PortBusy"), else null. */
export function errorCode(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : null;
  }
  return null;
}
