// The user's part of the sign-in, done over real HTTP against the sandbox: open the authorize URL, press
// Allow (or Deny) on the consent page, and let the browser land on the loopback callback over HTTPS.
import { acceptCertificate, browserGet, browserPostForm, type BrowserResponse } from './browserFetch';

/** Follows the sandbox's authorize flow up to the redirect back to the app; returns that callback URL. */
export async function authorizeInBrowser(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow'): Promise<string> {
  let res = await browserGet(authorizeUrl);
  if (res.status === 200 && res.body.includes('name="consent"')) {
    const consent = /name="consent" value="([^"]+)"/.exec(res.body)?.[1];
    const action = /<form method="post" action="([^"]+)"/.exec(res.body)?.[1];
    if (!consent || !action) throw new Error('consent page without a form');
    res = await browserPostForm(new URL(action, authorizeUrl).toString(), { consent, decision });
  }
  if (res.status !== 302 || !res.headers.location) {
    throw new Error(`authorize did not redirect (HTTP ${res.status}): ${res.body.slice(0, 200)}`);
  }
  return new URL(res.headers.location, authorizeUrl).toString();
}

/** The browser landing on the loopback callback, after the user accepted its self-signed certificate. */
export async function landOnCallback(callbackUrl: string): Promise<BrowserResponse> {
  const ca = await acceptCertificate(callbackUrl);
  return browserGet(callbackUrl, { ca });
}
