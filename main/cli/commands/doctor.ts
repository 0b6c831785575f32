// arbion doctor [--json]: the connection check (credentials, sign-in, a timed accounts request, access token,
// clock skew). Exits 1 when any check fails, with one line on stderr saying what to do.
import type { ConnectionReport } from '../../../common/contract';
import { renderTable } from '../format/table';
import { LOGIN_HINT, NOT_CONFIGURED_HINT } from '../portfolioRefresh';
import { defineCommand } from '../registry';

function failureLine(report: ConnectionReport, reauth: boolean, configured: boolean): string {
  const failed = report.checks.filter((c) => !c.ok);
  const names = failed.map((c) => c.name).join(', ');
  const what = `${failed.length} check${failed.length === 1 ? '' : 's'} failed (${names})`;
  if (!configured) return `${what}. ${NOT_CONFIGURED_HINT}`;
  if (reauth) return `${what}: Schwab needs you to sign in again. ${LOGIN_HINT}`;
  const first = failed[0];
  return `${what}: ${first ? first.detail : 'see above'}`;
}

export default defineCommand({
  name: 'doctor',
  summary: 'Check the connection: credentials, sign-in, a timed accounts request, clock skew',
  usage: 'arbion doctor [--json]',
  options: { json: { type: 'boolean', description: 'Print the report as JSON on stdout' } },
  async run(ctx, { values }) {
    const { handlers, inProcess } = await ctx.core();
    const report = await handlers.testConnection();
    const state = await handlers.getAuthState();
    const { dataDir } = inProcess.storage();
    const reauth = state.status === 'reauth-required';
    const signedOut = state.status === 'signed-out';

    if (values.json) {
      ctx.json({ ...report, authStatus: state.status, dataDir });
    } else {
      const lines = renderTable(
        [{ header: 'Result' }, { header: 'Check' }, { header: 'Time', align: 'right' }, { header: 'Detail' }],
        report.checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.name, c.ms === undefined ? '' : `${c.ms} ms`, c.detail]),
      );
      for (const l of lines) ctx.out(l);
      ctx.out('');
      ctx.out(`Data dir: ${dataDir}`);
    }
    if (report.ok) return 0;
    const line = signedOut && state.configured ? `Not signed in. Run \`arbion login\` to sign in.` : failureLine(report, reauth, state.configured);
    ctx.err(`arbion doctor: ${line.replace(/\s*\n\s*/g, ' ')}`);
    return 1;
  },
});
