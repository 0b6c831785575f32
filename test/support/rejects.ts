// The one way tests assert "this fails with ArbionError code X": Vitest's rejects.toMatchObject, plus the
// error back for further checks on its message.
import { expect } from 'vitest';
import { isArbionError, type ArbionError } from '../../main/core/errors';

export async function rejectsWithCode(
  work: Promise<unknown> | (() => unknown),
  code: string,
  message?: RegExp,
): Promise<ArbionError> {
  const promise = typeof work === 'function' ? Promise.resolve().then(work) : work;
  await expect(promise).rejects.toMatchObject({ code });
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isArbionError(error), String(error)).toBe(true);
  if (message) expect((error as ArbionError).message).toMatch(message);
  return error as ArbionError;
}
