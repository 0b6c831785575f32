// The sandbox's stand-in for Schwab's login + "Consent and Grant" pages: one small page naming the app and
// the accounts it will see, with "Allow" and "Deny". Clearly labelled as a sandbox so nobody types a real
// password into it (there is no password field at all).
import type { DemoAccount } from './portfolio';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f5f8;color:#1b2430;margin:0}
  main{max-width:440px;margin:48px auto;background:#fff;border-radius:10px;box-shadow:0 2px 12px #0002;padding:28px}
  .badge{display:inline-block;background:#fff4cc;color:#6b5100;border-radius:4px;padding:2px 8px;font-size:12px;font-weight:600}
  h1{font-size:20px;margin:12px 0 4px} p{margin:8px 0} ul{padding-left:18px;margin:8px 0 18px}
  .row{display:flex;gap:12px;justify-content:flex-end;margin-top:20px}
  button{font:inherit;border-radius:6px;padding:8px 20px;cursor:pointer;border:1px solid #8893a3;background:#fff}
  button.allow{background:#0a66c2;border-color:#0a66c2;color:#fff}
  .muted{color:#5b6675;font-size:13px}`;

export function consentPageHtml(opts: {
  consentId: string;
  appName: string;
  redirectUri: string;
  accounts: DemoAccount[];
  actionPath: string;
}): string {
  const accounts = opts.accounts
    .map((a) => `<li>${esc(a.nickName)} (${a.type === 'MARGIN' ? 'Margin' : 'Cash'}) …${esc(a.accountNumber.slice(-3))}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Schwab Sandbox – Authorize ${esc(opts.appName)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><main>
<span class="badge">SANDBOX – not Charles Schwab</span>
<h1>Allow ${esc(opts.appName)} to access your accounts?</h1>
<p>The app will be able to read balances and positions of:</p>
<ul>${accounts}</ul>
<p class="muted">You will be returned to ${esc(opts.redirectUri)}</p>
<form method="post" action="${esc(opts.actionPath)}">
<input type="hidden" name="consent" value="${esc(opts.consentId)}">
<div class="row">
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
<button type="submit" name="decision" value="allow" id="allow" class="allow">Allow</button>
</div>
</form>
</main></body></html>`;
}

export function errorPageHtml(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Schwab Sandbox – ${esc(title)}</title><style>${STYLE}</style></head>
<body><main><span class="badge">SANDBOX – not Charles Schwab</span><h1>${esc(title)}</h1><p>${esc(message)}</p></main></body></html>`;
}
