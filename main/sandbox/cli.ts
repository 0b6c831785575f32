// `npm run sandbox`: the Schwab sandbox standalone, for trying Arbion (or curl) without a Schwab account.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_REDIRECT_URI, DEFAULT_SEED, parseFaultSpec, startSandbox, type FaultAction } from './index';

/** How the user started us: `arbion sandbox` sets this; `npm run sandbox` does not. */
const INVOKED_AS = process.env.ARBION_SANDBOX_COMMAND?.trim() || 'npm run sandbox --';
const CLI = INVOKED_AS.startsWith('arbion') ? 'arbion' : 'npm run cli --';

const USAGE = `Usage: ${INVOKED_AS} [options]
  --port <n>            listen on 127.0.0.1:<n> (default: a free port)
  --seed <n>            portfolio and price-path seed (default ${DEFAULT_SEED})
  --auto-approve        skip the consent page (authorize redirects straight back)
  --tick-ms <n>         move prices every <n> ms (default 2000; 0 = never)
  --stream-tick-ms <n>  also move a few held stocks every <n> ms, published by the Streamer (default 0 = never)
  --accounts <n>        number of accounts (default 3)
  --positions <n>       positions per account (default: the hand-built demo)
  --redirect-uri <url>  register another callback URL (repeatable; ${DEFAULT_REDIRECT_URI} is always registered)
  --access-ttl <s>      access-token lifetime (default 1800)
  --refresh-ttl <s>     refresh-token lifetime (default 604800)
  --stream-symbol-limit <n>  Streamer keys per service before code 19 (default 500)
  --faults <spec>       inject faults, comma-separated:
                          fail:N:STATUS[:RETRY_AFTER]  (STATUS 429|500|502|503)
                          latency:MS[:N]  malformed:N:json|field  drop:N
                          expire-access  expire-refresh  revoke-refresh
                        append @/path/prefix to limit a rule, e.g. fail:2:429:5@/trader
                        Streamer (ws://…/ws) faults; delays count from the first LOGIN:
                          stream-drop[:AFTER_S]    destroy the socket
                          stream-silence[:AFTER_S] half-open: socket up, nothing sent, no pongs
                          stream-code:3|12|19|30[:AFTER_S]
                          stream-duplicate:N  stream-reorder:N  stream-malformed:N:json|price|key
                          stream-burst:TICKS_PER_S:SECONDS
  -h, --help`;

function intOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer`);
  return Number(v);
}

/** A POSIX shell `export` line; values are single-quoted only when they need it. */
function exportCommand(vars: Record<string, string>): string {
  const quote = (v: string): string => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return `export ${Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`).join(' ')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'auto-approve': { type: 'boolean', default: false },
      'tick-ms': { type: 'string' },
      'stream-tick-ms': { type: 'string' },
      accounts: { type: 'string' },
      positions: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'stream-symbol-limit': { type: 'string' },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const faults: FaultAction[] = values.faults ? parseFaultSpec(values.faults) : [];
  const tickMs = intOption(values['tick-ms'], 'tick-ms') ?? 2000;
  const streamTickMs = intOption(values['stream-tick-ms'], 'stream-tick-ms') ?? 0;
  const accounts = intOption(values.accounts, 'accounts');
  const positions = intOption(values.positions, 'positions');
  const accessTtl = intOption(values['access-ttl'], 'access-ttl');
  const refreshTtl = intOption(values['refresh-ttl'], 'refresh-ttl');
  const symbolLimit = intOption(values['stream-symbol-limit'], 'stream-symbol-limit');
  const sandbox = await startSandbox({
    port: intOption(values.port, 'port') ?? 0,
    seed: intOption(values.seed, 'seed') ?? DEFAULT_SEED,
    autoApprove: values['auto-approve'],
    tickMs,
    streamTickMs,
    redirectUris: [DEFAULT_REDIRECT_URI, ...(values['redirect-uri'] ?? []).filter((u) => u !== DEFAULT_REDIRECT_URI)],
    faults,
    ...(accounts !== undefined ? { accounts } : {}),
    ...(positions !== undefined ? { positionsPerAccount: positions } : {}),
    ...(accessTtl !== undefined ? { accessTokenTtlSec: accessTtl } : {}),
    ...(refreshTtl !== undefined ? { refreshTokenTtlSec: refreshTtl } : {}),
    ...(symbolLimit !== undefined ? { streamerSymbolLimit: symbolLimit } : {}),
  });

  const { baseUrl } = sandbox;
  const { clientId, clientSecret } = sandbox.client;
  const redirect = DEFAULT_REDIRECT_URI;
  const authorizeUrl = `${baseUrl}/v1/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}`;
  // Its own data folder, so sandbox tokens and history never land beside a real Schwab sign-in.
  const exportLine = exportCommand({
    SCHWAB_API_BASE_URL: baseUrl,
    SCHWAB_CLIENT_ID: clientId,
    SCHWAB_CLIENT_SECRET: clientSecret,
    SCHWAB_REDIRECT_URI: redirect,
    ARBION_DATA_DIR: path.join(os.tmpdir(), 'arbion-sandbox'),
  });
  console.log(`Schwab sandbox listening on ${baseUrl}  (a local stand-in for https://api.schwabapi.com)

  App key (client id):     ${clientId}
  App secret:              ${clientSecret}
  Callback URL(s):         ${sandbox.client.redirectUris.join(', ')}
  Consent:                 ${values['auto-approve'] ? 'auto-approve' : 'consent page (Allow/Deny)'}
  Prices:                  ${tickMs > 0 ? `tick every ${tickMs} ms` : 'still'}${streamTickMs > 0 ? `, a few held stocks every ${streamTickMs} ms` : ''}, seed ${sandbox.seed}
  Faults:                  ${faults.length ? values.faults : 'none'}
  Streamer:                ${sandbox.streamerUrl} (userPreference.streamerInfo[0])

Use it from the arbion CLI: paste this line into another terminal, then run \`${CLI} login\`
(then accounts, positions, balance, doctor …):

  ${exportLine}

Sign in:  ${authorizeUrl}
${values['auto-approve'] ? '' : '(open it in a browser and press Allow, or restart with --auto-approve to use curl)\n'}
Try it with curl:
  # 1. authorize -> the Location header carries code=…%40 (URL-decode it: %40 is the trailing @)
  curl -si '${authorizeUrl}' | grep -i '^location'
  # 2. exchange the code (within 30 s; single use)
  curl -s -u '${clientId}:${clientSecret}' -d grant_type=authorization_code \\
       --data-urlencode 'code=C0.…@' --data-urlencode 'redirect_uri=${redirect}' ${baseUrl}/v1/oauth/token
  # 3. read the portfolio
  curl -s -H 'Authorization: Bearer I0.…@' '${baseUrl}/trader/v1/accounts?fields=positions'
  curl -s -H 'Authorization: Bearer I0.…@' '${baseUrl}/trader/v1/accounts/accountNumbers'
  curl -s -H 'Authorization: Bearer I0.…@' '${baseUrl}/marketdata/v1/quotes?symbols=AAPL,SPY,$SPX&fields=quote'
  # 4. refresh (same refresh token back; its 7-day deadline does not move)
  curl -s -u '${clientId}:${clientSecret}' -d grant_type=refresh_token --data-urlencode 'refresh_token=I0.…@' ${baseUrl}/v1/oauth/token

Press Ctrl-C to stop.`);

  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exit(2);
});
