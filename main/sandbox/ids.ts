// Identifier and token shapes as Schwab issues them, so the client's parsing and the logger's redaction
// patterns meet the real formats: "I0.<base64 of oauth2.bdc.schwab.com>.<43 base64url chars>@" for tokens,
// "C0.…@" for authorization codes, 8-digit account numbers, 64-char hex hashes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const HOST_PART = Buffer.from('oauth2.bdc.schwab.com').toString('base64'); // "b2F1dGgyLmJkYy5zY2h3YWIuY29t"

function randomBase64Url(chars: number): string {
  return randomBytes(Math.ceil((chars * 3) / 4) + 1)
    .toString('base64url')
    .slice(0, chars);
}

/** 76 characters, ends in "@". */
export function newAccessToken(): string {
  return `I0.${HOST_PART}.${randomBase64Url(43)}@`;
}

/** Same shape as the access token (Schwab does not document a distinct one). */
export function newRefreshToken(): string {
  return `I0.${HOST_PART}.${randomBase64Url(43)}@`;
}

/** Authorization code; the "@" arrives percent-encoded (%40) in the callback URL. */
export function newAuthorizationCode(): string {
  return `C0.${HOST_PART}.${randomBase64Url(43)}@`;
}

export function newSessionId(): string {
  return randomUUID();
}

export function newCorrelId(): string {
  return randomUUID();
}

/** An unsigned-looking JWT in the id_token slot (Schwab sends one; clients don't verify it). */
export function newIdToken(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'sandbox' })}.${part(claims)}.${randomBase64Url(86)}`;
}

/** The digest Schwab prints in refresh-token errors: base64 SHA-256 of the token (44 chars, one "="). */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

/** 64 upper-case hex characters, stable for a seed and account number. */
export function accountHash(seed: number, accountNumber: string): string {
  return createHash('sha256').update(`arbion-sandbox:${seed}:${accountNumber}`).digest('hex').toUpperCase();
}

/** Stable demo app credentials for a seed: 32-char app key, 16-char secret (the 2024-era lengths). */
export function demoClientCredentials(seed: number): { clientId: string; clientSecret: string } {
  const digest = createHash('sha256').update(`arbion-sandbox-client:${seed}`).digest();
  const alnum = (buf: Buffer, n: number): string => {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < n; i++) out += abc[(buf[i % buf.length]! + i * 7) % abc.length];
    return out;
  };
  return { clientId: alnum(digest, 32), clientSecret: alnum(digest.subarray(16), 16) };
}

/** 64 lower-case hex characters, as in userPreference.streamerInfo. */
export function customerId(seed: number): string {
  return createHash('sha256').update(`arbion-sandbox-customer:${seed}`).digest('hex');
}

/** The streamerInfo correl id the sandbox hands out and its Streamer checks at LOGIN. */
export const STREAMER_CORREL_ID = '0f4b3c2a-5d6e-4f70-8a91-b2c3d4e5f607';
