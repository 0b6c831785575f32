// A real access token from the sandbox's OAuth endpoints over HTTP (authorize → code → token), wrapped in
// the AccessTokenSource port with a single-flight refresh grant — independent of the auth module.
import type { AccessTokenSource } from '../../../main/core/ports';
import { DEFAULT_REDIRECT_URI, type Sandbox } from '../../../main/sandbox/index';

export interface TestTokenSource extends AccessTokenSource {
  /** Refresh grants performed after a 401. */
  refreshes: number;
  current(): string;
}

async function tokenRequest(sandbox: Sandbox, form: Record<string, string>): Promise<{ access_token: string; refresh_token?: string }> {
  const basic = Buffer.from(`${sandbox.client.clientId}:${sandbox.client.clientSecret}`).toString('base64');
  const res = await fetch(`${sandbox.baseUrl}/v1/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (!res.ok) throw new Error(`token endpoint: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; refresh_token?: string };
}

/** Signs in to an auto-approving sandbox and returns a token source for the client under test. */
export async function sandboxTokenSource(sandbox: Sandbox): Promise<TestTokenSource> {
  sandbox.setAutoApprove(true);
  const authorize = new URL('/v1/oauth/authorize', sandbox.baseUrl);
  authorize.search = new URLSearchParams({
    client_id: sandbox.client.clientId,
    redirect_uri: DEFAULT_REDIRECT_URI,
    response_type: 'code',
  }).toString();
  const res = await fetch(authorize, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize: HTTP ${res.status}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error('authorize: no code in the redirect');
  let tokens = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: DEFAULT_REDIRECT_URI });
  let refreshing: Promise<string> | null = null;
  const source: TestTokenSource = {
    refreshes: 0,
    current: () => tokens.access_token,
    getAccessToken: async () => tokens.access_token,
    refreshAfterUnauthorized(rejected) {
      if (rejected !== tokens.access_token) return Promise.resolve(tokens.access_token);
      refreshing ??= (async () => {
        try {
          source.refreshes++;
          const next = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
          tokens = { ...next, refresh_token: next.refresh_token ?? tokens.refresh_token };
          return tokens.access_token;
        } finally {
          refreshing = null;
        }
      })();
      return refreshing;
    },
  };
  return source;
}
