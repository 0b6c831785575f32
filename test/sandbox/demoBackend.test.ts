// The hosts' demo mode gets a running sandbox that signs in without a consent click.
import { describe, expect, it } from 'vitest';
import { TokenResponseSchema } from '../../main/core/schwab/schemas';
import { DEFAULT_REDIRECT_URI, demoBackendFactory } from '../../main/sandbox/index';

describe('demoBackendFactory', () => {
  it('starts an auto-approving sandbox on loopback with the standard callback URL, and closes it', async () => {
    const demo = await demoBackendFactory();
    try {
      expect(demo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(demo.redirectUri).toBe(DEFAULT_REDIRECT_URI);
      const auth = await fetch(
        `${demo.baseUrl}/v1/oauth/authorize?client_id=${demo.clientId}&redirect_uri=${encodeURIComponent(demo.redirectUri)}`,
        { redirect: 'manual' },
      );
      expect(auth.status).toBe(302);
      const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
      const tok = await fetch(`${demo.baseUrl}/v1/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${demo.clientId}:${demo.clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri }),
      });
      TokenResponseSchema.parse(await tok.json());
    } finally {
      await demo.close();
    }
    await expect(fetch(`${demo.baseUrl}/v1/oauth/authorize`)).rejects.toThrow(TypeError);
  });
});
