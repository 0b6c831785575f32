// arbion status [--json]: the sign-in state as stored in the data dir (every run is a fresh process).
import { callbackPortWarning } from '../../../common/config/callbackPort';
import { toArbionError } from '../../core/errors';
import { defineCommand } from '../registry';
import { whenText } from '../timeText';

const STATUS_TEXT = {
  'signed-out': 'signed out',
  'signing-in': 'signing in',
  'signed-in': 'signed in',
  'reauth-required': 'sign-in required again',
} as const;

export default defineCommand({
  name: 'status',
  summary: 'Show the sign-in state, token expiries, secret storage and data dir',
  usage: 'arbion status [--json]',
  options: { json: { type: 'boolean', description: 'Print one JSON document on stdout' } },
  async run(ctx, { values }) {
    const { handlers, inProcess } = await ctx.core();
    const state = await handlers.getAuthState();
    let apiBaseUrl: string | null = null;
    let configError: string | null = null;
    try {
      apiBaseUrl = (await inProcess.config()).apiBaseUrl;
    } catch (e) {
      configError = toArbionError(e).message;
    }
    const { dataDir, databaseFile, foreignCipher } = inProcess.storage();
    const report = { ...state, apiBaseUrl, configError, foreignCipher, dataDir, databaseFile };
    if (values.json) {
      ctx.json(report);
      return 0;
    }
    const rows: Array<[string, string]> = [
      ['Status', STATUS_TEXT[state.status]],
      ['Access token', state.accessExpiresAt ? `valid until ${whenText(state.accessExpiresAt)}` : '—'],
      ['Sign-in ends', whenText(state.refreshExpiresAt)],
    ];
    if (state.warning) rows.push(['Warning', state.warning === 'refresh-expires-1h' ? 'the sign-in ends within 1 hour' : 'the sign-in ends within 24 hours']);
    if (state.reason) rows.push(['Reason', state.reason]);
    const portWarning = state.redirectUri ? callbackPortWarning(state.redirectUri) : null;
    if (portWarning) rows.push(['Warning', portWarning]);
    rows.push(
      ['Configured', state.configured ? 'yes' : 'no — set SCHWAB_CLIENT_ID and SCHWAB_CLIENT_SECRET'],
      ['API', apiBaseUrl ?? `invalid: ${configError}`],
      ['Callback URL', state.redirectUri ?? '—'],
      ['Secrets', `${state.storage.cipher} (${state.storage.description})`],
    );
    if (foreignCipher) rows.push(['Note', `stored secrets were sealed by "${foreignCipher}"; this host cannot open them`]);
    rows.push(['Data dir', dataDir], ['Database', databaseFile]);
    for (const [k, v] of rows) ctx.out(`${`${k}:`.padEnd(14)} ${v}`);
    return 0;
  },
});
