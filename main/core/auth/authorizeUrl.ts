// The link that starts Schwab's login: client_id, the exact registered redirect_uri, response_type=code, state.
export interface AuthorizeParams {
  apiBaseUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
}

export function buildAuthorizeUrl(p: AuthorizeParams): string {
  // Relative to the base, so a base URL with a path prefix (a proxy) keeps it.
  const url = new URL('v1/oauth/authorize', p.apiBaseUrl.replace(/\/+$/, '') + '/');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', p.state);
  return url.toString();
}
