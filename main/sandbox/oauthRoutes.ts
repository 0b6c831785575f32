// HTTP binding of the OAuth endpoints: GET /v1/oauth/authorize (redirect or consent page),
// POST /v1/oauth/authorize/consent (the page's Allow/Deny), POST /v1/oauth/token.
import type { Book } from './book';
import { consentPageHtml, errorPageHtml } from './consentPage';
import { oauthError } from './errorBodies';
import type { AuthorizeOutcome, OAuthServer } from './oauth';
import type { Route, RouteResult } from './router';

export const CONSENT_PATH = '/v1/oauth/authorize/consent';

function authorizeResult(outcome: AuthorizeOutcome, book: Book): RouteResult {
  switch (outcome.kind) {
    case 'redirect':
      return { status: 302, redirect: outcome.location };
    case 'error':
      return { status: outcome.status, html: errorPageHtml('We are unable to complete your request', outcome.message) };
    case 'consent':
      return {
        status: 200,
        html: consentPageHtml({
          consentId: outcome.consentId,
          appName: outcome.client.appName,
          redirectUri: outcome.redirectUri,
          accounts: book.accounts,
          actionPath: CONSENT_PATH,
        }),
      };
  }
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export function oauthRoutes(oauth: OAuthServer, book: Book): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/oauth/authorize',
      family: 'oauth',
      auth: false,
      handle: (ctx) => authorizeResult(oauth.authorize(ctx.url.searchParams), book),
    },
    {
      method: 'POST',
      pattern: CONSENT_PATH,
      family: 'oauth',
      auth: false,
      handle: (ctx) => {
        const form = new URLSearchParams(ctx.body);
        const consent = form.get('consent') ?? '';
        const decision = form.get('decision');
        if (decision !== 'allow' && decision !== 'deny') {
          return { status: 400, html: errorPageHtml('We are unable to complete your request', 'Choose Allow or Deny.') };
        }
        return authorizeResult(oauth.decide(consent, decision === 'allow'), book);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/oauth/token',
      family: 'oauth',
      auth: false,
      requiredField: () => ['access_token'],
      handle: (ctx) => {
        if (!isForm(ctx.headers['content-type'])) {
          return { status: 400, json: oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded') };
        }
        const outcome = oauth.token(ctx.headers.authorization, new URLSearchParams(ctx.body));
        return { status: outcome.status, json: outcome.body };
      },
    },
  ];
}
