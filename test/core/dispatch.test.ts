import { describe, expect, it } from 'vitest';
import { dispatch, toWireError } from '../../main/core/api/dispatch';
import type { ArbionHandlers } from '../../common/contract';
import { ArbionError } from '../../main/core/errors';

function handlersRecording(calls: Array<[string, unknown[]]>): ArbionHandlers {
  return new Proxy({} as ArbionHandlers, {
    get: (_t, name: string) => async (...args: unknown[]) => {
      calls.push([name, args]);
      return name;
    },
  });
}

describe('dispatch', () => {
  it('calls the named handler with validated arguments', async () => {
    const calls: Array<[string, unknown[]]> = [];
    await expect(dispatch(handlersRecording(calls), 'getHistory', ['1W'])).resolves.toBe('getHistory');
    await dispatch(handlersRecording(calls), 'updateSettings', [{ privacyMode: true }]);
    expect(calls).toEqual([
      ['getHistory', ['1W']],
      ['updateSettings', [{ privacyMode: true }]],
    ]);
  });

  it('rejects unknown methods and bad arguments before any handler runs', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const h = handlersRecording(calls);
    await expect(dispatch(h, 'constructor', [])).rejects.toMatchObject({ code: 'BadRequest' });
    await expect(dispatch(h, 'getHistory', ['10Y'])).rejects.toMatchObject({ code: 'BadRequest' });
    await expect(dispatch(h, 'updateSettings', [{ refreshIntervalSec: 1 }])).rejects.toMatchObject({ code: 'BadRequest' });
    await expect(dispatch(h, 'updateSettings', [{ evil: true }])).rejects.toMatchObject({ code: 'BadRequest' });
    await expect(dispatch(h, 'getAuditLog', [1e9])).rejects.toMatchObject({ code: 'BadRequest' });
    expect(calls).toEqual([]);
  });

  it('turns any error into a code and a message only', () => {
    expect(toWireError(new ArbionError('AccessDenied', 'You declined access.'))).toEqual({
      code: 'AccessDenied',
      message: 'You declined access.',
    });
    expect(toWireError(new TypeError('boom'))).toEqual({ code: 'Internal', message: 'boom' });
  });
});
