import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenClient } from '../../../main/core/auth/tokenClient';
import { errorBodyDetail, errorFromFetchFailure, errorFromResponse } from '../../../main/core/schwab/errorMapping';
import { freePort } from '../../support/freePort';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '../../fixtures/schwab', name), 'utf8');

describe('error bodies → readable typed errors', () => {
  it('Trader shape {message, errors[]}', () => {
    const e = errorFromResponse(400, fixture('error-trader-invalid-account-number.json'));
    expect(e.code).toBe('BadRequest');
    expect(e.status).toBe(400);
    expect(e.message).toBe('Schwab rejected the request (HTTP 400): Invalid account number.');
    expect(errorBodyDetail('{"message":"Bad","errors":["field x missing","Bad"]}')).toBe('Bad; field x missing');
  });

  it('Market Data shape {errors:[{id,status,title,detail}]} with string or numeric status', () => {
    const e400 = errorFromResponse(400, fixture('error-marketdata-400.json'));
    expect(e400.message).toContain('Bad Request: Missing header; Bad Request: Search combination should have min of 1.');
    const e401 = errorFromResponse(401, fixture('error-marketdata-401.json'));
    expect(e401.code).toBe('Unauthorized');
    expect(e401.message).toBe('Schwab did not accept the sign-in (HTTP 401): Unauthorized.');
    expect(errorFromResponse(404, fixture('error-marketdata-404.json')).code).toBe('NotFound');
    const e500 = errorFromResponse(500, fixture('error-marketdata-500.json'));
    expect(e500.code).toBe('ServerError');
    expect(e500.transient).toBe(true);
    expect(e500.message).toBe("Schwab's servers had a problem (HTTP 500): Internal Server Error.");
  });

  it('429 keeps Retry-After; other shapes and empty bodies still read well', () => {
    const e = errorFromResponse(429, '', 7);
    expect(e.code).toBe('RateLimited');
    expect(e.retryAfterSec).toBe(7);
    expect(e.message).toBe('Schwab is limiting how often Arbion may ask (HTTP 429). Schwab asked to wait 7 s.');
    expect(errorFromResponse(503, '<html><body>Access Denied</body></html>').message).toBe(
      "Schwab's servers had a problem (HTTP 503).",
    );
    expect(errorFromResponse(403, '{"fault":{"faultstring":"Body buffer overflow"}}').message).toContain('Body buffer overflow');
    expect(errorFromResponse(400, fixture('error-token-refresh-expired.json')).message).toContain(
      'unsupported_token_type (refresh_token_authentication_error)',
    );
    expect(errorFromResponse(418, 'x'.repeat(1000)).message.length).toBeLessThan(400);
  });

  it('connection failures become Network with the reason in words', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const e = errorFromFetchFailure(refused);
    expect(e.code).toBe('Network');
    expect(e.transient).toBe(true);
    expect(e.message).toBe('Could not reach Schwab (connection refused). Check the internet connection.');
    const dropped = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(errorFromFetchFailure(dropped).message).toContain('connection dropped');
  });

  it('a loopback origin (the sandbox) is named instead of blaming the internet connection', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(errorFromFetchFailure(refused, new URL('http://127.0.0.1:8123')).message).toBe(
      'The sandbox at 127.0.0.1:8123 is not answering (connection refused).',
    );
    expect(errorFromFetchFailure(refused, new URL('https://api.schwabapi.com')).message).toBe(
      'Could not reach Schwab (connection refused). Check the internet connection.',
    );
  });

  it('the token endpoint on a closed loopback port (real connection): the sandbox is named, not the internet', async () => {
    const port = await freePort();
    const client = new TokenClient({ apiBaseUrl: `http://127.0.0.1:${port}`, clientId: 'app-key', clientSecret: 'app-secret' });
    await expect(client.refresh('refresh-token')).rejects.toMatchObject({
      code: 'Network',
      message: `The sandbox at 127.0.0.1:${port} is not answering (ECONNREFUSED).`,
    });
  });
});
