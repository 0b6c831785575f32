import { describe, expect, it } from 'vitest';
import { assertReadOnlyRequest } from '../../../main/core/schwab/readOnlyGuard';

const base = new URL('https://api.schwabapi.com');

describe('read-only guard (pure)', () => {
  it('allows GETs under /trader/v1 and /marketdata/v1', () => {
    expect(assertReadOnlyRequest('GET', base, '/trader/v1/accounts?fields=positions').href).toBe(
      'https://api.schwabapi.com/trader/v1/accounts?fields=positions',
    );
    expect(assertReadOnlyRequest('GET', base, '/marketdata/v1/quotes?symbols=AAPL').pathname).toBe('/marketdata/v1/quotes');
  });

  it.each([
    ['POST', '/trader/v1/accounts/H/orders'],
    ['PUT', '/trader/v1/accounts/H/orders/1'],
    ['DELETE', '/trader/v1/accounts/H/orders/1'],
    ['PATCH', '/trader/v1/accounts'],
    ['get', '/trader/v1/accounts'],
    ['GET', '/v1/oauth/token'],
    ['GET', '/v1/oauth/authorize'],
    ['GET', '/trader/v1/../v1/oauth/token'],
    ['GET', '/trader/v1/%2e%2e/%2e%2e/v1/oauth/token'],
    ['GET', '/trader/v1%2F..%2Fv1/oauth'],
    ['GET', '/trader/v1\\..\\v1'],
    ['GET', 'https://evil.example/trader/v1/accounts'],
    ['GET', '//evil.example/trader/v1/accounts'],
    ['GET', 'trader/v1/accounts'],
    ['GET', '/trader/v2/accounts'],
    ['GET', '/trader/v1'],
  ])('%s %s → ReadOnlyViolation', (method, path) => {
    expect(() => assertReadOnlyRequest(method, base, path)).toThrow(expect.objectContaining({ code: 'ReadOnlyViolation' }));
  });
});
