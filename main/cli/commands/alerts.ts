// arbion alerts list|add|remove|enable|disable: the same alert rules as Settings → Alerts, through the same
// handlers of the core (listAlerts, addAlert, removeAlert, setAlertEnabled), so the checks and sentences are
// the window's (a positive level, a percent within ±100, a known symbol — one quotes request —, no duplicate).
import type { AlertInput, AlertRuleView, ArbionHandlers } from '../../../common/contract';
import { selectAccount } from '../accountSelector';
import type { CliContext } from '../context';
import { renderTable } from '../format/table';
import { refreshPortfolio } from '../portfolioRefresh';
import { CliUsageError, defineCommand } from '../registry';

const USAGE = [
  'arbion alerts list [--json]',
  'arbion alerts add price SYMBOL above|below LEVEL',
  'arbion alerts add move SYMBOL up|down PERCENT',
  'arbion alerts add change up|down PERCENT%|AMOUNT [--account NUMBER|HASH|LAST4]',
  'arbion alerts add buying-power LEVEL [--account NUMBER|HASH|LAST4]',
  'arbion alerts remove|enable|disable ID',
  'arbion alerts builtin buying-power --level AMOUNT|none',
  'arbion alerts builtin margin-call|option-expiry|option-itm|buying-power|order on|off',
].join('\n       ');

/** The built-ins by the names the CLI takes. */
const BUILTIN_NAMES: Readonly<Record<string, AlertRuleView['spec']['kind']>> = {
  'margin-call': 'margin-call',
  'option-expiry': 'option-expiry',
  'option-itm': 'option-itm',
  'buying-power': 'low-buying-power',
  order: 'order-status',
};

/** "up 2" → 2, "down 2" → -2 (a leading minus would read as an option); anything else NaN for the core to name. */
function signed(direction: string | undefined, text: string | undefined): number {
  if (direction === 'up') return numberOf(text);
  if (direction === 'down') return -numberOf(text);
  throw new CliUsageError(`Say up or down before the amount, not "${direction ?? ''}".`);
}

/** "150", "$1,500", "2%": the number, or NaN so the core names the bad value. */
function numberOf(text: string | undefined): number {
  const t = (text ?? '').trim().replace(/[$,%]/g, '');
  return t === '' ? Number.NaN : Number(t);
}

async function handlers(ctx: CliContext): Promise<ArbionHandlers> {
  return (await ctx.core()).handlers;
}

function ruleId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new CliUsageError(`Give the alert's number from \`arbion alerts list\`, not "${text ?? ''}".`);
  return id;
}

function printRules(ctx: CliContext, rules: AlertRuleView[]): void {
  for (const l of renderTable(
    [{ header: '#' }, { header: 'Alert' }, { header: 'On' }, { header: 'Kind' }],
    rules.map((r) => [String(r.id), r.label, r.enabled ? 'yes' : 'no', r.builtin ? 'built-in' : r.spec.kind]),
  )) {
    ctx.out(l);
  }
}

export default defineCommand({
  name: 'alerts',
  summary: 'Price, day-move, day-change and buying-power alerts: list, add, remove, enable, disable; the built-ins: on, off, level',
  usage: USAGE,
  positionals: true,
  options: {
    account: { type: 'string', description: 'For change / buying-power: one account (full number, hash or last digits)' },
    json: { type: 'boolean', description: 'list: print the rules as a JSON array' },
    level: { type: 'string', description: 'builtin buying-power: the level in dollars, or none for the default ($0)' },
  },
  async run(ctx, { values, positionals }) {
    const [action, ...rest] = positionals;
    switch (action) {
      case undefined:
      case 'list': {
        const rules = await (await handlers(ctx)).listAlerts();
        if (values.json) ctx.json(rules);
        else printRules(ctx, rules);
        return 0;
      }
      case 'add': {
        const [what, a, b, c] = rest;
        let accountHash: string | null = null;
        if (typeof values.account === 'string') {
          // One refresh, so --account matches a linked account and the core checks it against that view.
          const refreshed = await refreshPortfolio(ctx);
          accountHash = selectAccount(refreshed.full.accounts, values.account).hash;
        }
        let input: AlertInput;
        if (what === 'price') {
          if (!a || (b !== 'above' && b !== 'below') || c === undefined) throw new CliUsageError('Usage: arbion alerts add price SYMBOL above|below LEVEL');
          input = { kind: 'price', symbol: a, direction: b, level: numberOf(c) };
        } else if (what === 'move') {
          if (!a || c === undefined) throw new CliUsageError('Usage: arbion alerts add move SYMBOL up|down PERCENT');
          input = { kind: 'day-move', symbol: a, percent: signed(b, c) };
        } else if (what === 'change') {
          if (b === undefined) throw new CliUsageError('Usage: arbion alerts add change up|down PERCENT%|AMOUNT [--account …]');
          input = { kind: 'day-change', account: accountHash, measure: b.trim().endsWith('%') ? 'percent' : 'amount', value: signed(a, b) };
        } else if (what === 'buying-power') {
          if (a === undefined) throw new CliUsageError('Usage: arbion alerts add buying-power LEVEL [--account …]');
          input = { kind: 'buying-power', account: accountHash, level: numberOf(a) };
        } else {
          throw new CliUsageError(`Unknown alert kind "${what ?? ''}": price, move, change or buying-power.`);
        }
        const rule = await (await handlers(ctx)).addAlert(input);
        if (values.json) ctx.json(rule);
        else ctx.out(`Added alert #${rule.id}: ${rule.label}`);
        return 0;
      }
      case 'remove': {
        const id = ruleId(rest[0]);
        const core = await handlers(ctx);
        const label = (await core.listAlerts()).find((r) => r.id === id)?.label;
        await core.removeAlert(id);
        ctx.out(`Removed alert #${id}: ${label ?? ''}`.trimEnd());
        return 0;
      }
      case 'enable':
      case 'disable': {
        const rule = await (await handlers(ctx)).setAlertEnabled(ruleId(rest[0]), action === 'enable');
        ctx.out(`Alert #${rule.id} is ${rule.enabled ? 'on' : 'off'}: ${rule.label}`);
        return 0;
      }
      case 'builtin': {
        const [name, state] = rest;
        const kind = name === undefined ? undefined : BUILTIN_NAMES[name];
        if (!kind) throw new CliUsageError(`Name a built-in: ${Object.keys(BUILTIN_NAMES).join(', ')}; not "${name ?? ''}".`);
        const core = await handlers(ctx);
        const rule = (await core.listAlerts()).find((r) => r.builtin && r.spec.kind === kind);
        if (!rule) throw new CliUsageError(`The ${name} built-in is missing from this data folder.`);
        let next = rule;
        if (typeof values.level === 'string') {
          if (kind !== 'low-buying-power') throw new CliUsageError('Only the buying-power built-in has a level.');
          next = await core.setAlertLevel(rule.id, values.level.trim() === 'none' ? null : numberOf(values.level));
        }
        if (state === 'on' || state === 'off') next = await core.setAlertEnabled(rule.id, state === 'on');
        else if (state !== undefined) throw new CliUsageError(`Say on or off, not "${state}".`);
        ctx.out(`Alert #${next.id} is ${next.enabled ? 'on' : 'off'}: ${next.label}`);
        return 0;
      }
      default:
        throw new CliUsageError(`Unknown action "${action}": list, add, remove, enable, disable or builtin.`);
    }
  },
});
