// The HTTP steps a Schwab client takes, written the way curl would do them, for the sandbox tests.
import { expect } from 'vitest';
import { TokenResponseSchema, type TokenResponse } from '../../main/core/schwab/schemas';
import type { Sandbox } from '../../main/sandbox/index';

export const REDIRECT = 'https://127.0.0.1:8182';

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function authorizeUrl(sb: Sandbox, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ client_id: sb.client.clientId, redirect_uri: REDIRECT, ...params });
  return `${sb.baseUrl}/v1/oauth/authorize?${q.toString()}`;
}

/** GET /authorize without following the redirect. */
export function authorize(sb: Sandbox, params: Record<string, string> = {}): Promise<Response> {
  return fetch(authorizeUrl(sb, params), { redirect: 'manual' });
}

/** The decoded code from a callback Location (the raw URL carries it as …%40). */
export function codeFrom(location: string): string {
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export function postToken(sb: Sandbox, form: Record<string, string>, authorization?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const auth = authorization === undefined ? basic(sb.client.clientId, sb.client.clientSecret) : authorization;
  if (auth !== null) headers.Authorization = auth;
  return fetch(`${sb.baseUrl}/v1/oauth/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
}

/** authorize (auto-approve) → callback → code exchange; returns the parsed token response. */
export async function login(sb: Sandbox, redirectUri = REDIRECT): Promise<TokenResponse> {
  const res = await authorize(sb, { redirect_uri: redirectUri, response_type: 'code', state: 'st' });
  expect(res.status).toBe(302);
  const code = codeFrom(res.headers.get('location')!);
  const tok = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  expect(tok.status).toBe(200);
  return TokenResponseSchema.parse(await tok.json());
}

export function getApi(sb: Sandbox, path: string, accessToken?: string): Promise<Response> {
  return fetch(`${sb.baseUrl}${path}`, {
    headers: accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` },
  });
}
