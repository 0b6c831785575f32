// Settings → Alerts: quiet hours, the rules (built-ins can be turned off, the user's removed), and a form
// for a new one. The core checks every rule (level, percent, symbol, duplicate) and answers with a sentence
// shown in the form; nothing is saved then.
import { useEffect, useState } from 'react';
import type { AlertInput, AlertRuleView, PortfolioSnapshot, Settings, SettingsPatch } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { AlertLevelField } from './AlertLevelField';
import { Switch } from './Switch';

type FormKind = AlertInput['kind'];

interface Draft {
  kind: FormKind;
  symbol: string;
  direction: 'above' | 'below';
  amount: string;
  measure: 'percent' | 'amount';
  account: string;
}

const EMPTY: Draft = { kind: 'price', symbol: '', direction: 'above', amount: '', measure: 'percent', account: '' };

/** The typed text as a number; "" and words become NaN so the core names the bad value. */
function numberOf(text: string): number {
  const t = text.trim().replace(/[$,%\s]/g, '');
  return t === '' ? Number.NaN : Number(t);
}

function inputOf(d: Draft): AlertInput {
  const value = numberOf(d.amount);
  const account = d.account === '' ? null : d.account;
  switch (d.kind) {
    case 'price':
      return { kind: 'price', symbol: d.symbol, direction: d.direction, level: value };
    case 'day-move':
      return { kind: 'day-move', symbol: d.symbol, percent: value };
    case 'day-change':
      return { kind: 'day-change', account, measure: d.measure, value };
    case 'buying-power':
      return { kind: 'buying-power', account, level: value };
  }
}

export interface AlertsSettingsProps {
  settings: Settings;
  snapshot: PortfolioSnapshot | null;
  save(patch: SettingsPatch): Promise<void>;
}

export function AlertsSettings({ settings, snapshot, save }: AlertsSettingsProps) {
  const api = useApi();
  const [rules, setRules] = useState<AlertRuleView[]>([]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.listAlerts().then((r) => live && setRules(r), (e: unknown) => live && setFormError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api]);

  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const add = async (): Promise<void> => {
    setFormError(null);
    setBusy(true);
    try {
      const rule = await api.addAlert(inputOf(draft));
      setRules((r) => [...r, rule]);
      setDraft(EMPTY);
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (rule: AlertRuleView, enabled: boolean): Promise<void> => {
    try {
      const next = await api.setAlertEnabled(rule.id, enabled);
      setRules((r) => r.map((x) => (x.id === next.id ? next : x)));
    } catch (e) {
      setFormError(errorMessage(e));
    }
  };
  const remove = async (rule: AlertRuleView): Promise<void> => {
    try {
      setRules(await api.removeAlert(rule.id));
    } catch (e) {
      setFormError(errorMessage(e));
    }
  };

  const needsSymbol = draft.kind === 'price' || draft.kind === 'day-move';
  const needsAccount = draft.kind === 'day-change' || draft.kind === 'buying-power';
  const amountLabel =
    draft.kind === 'price' ? 'Price ($)' : draft.kind === 'buying-power' ? 'Below ($)' : draft.kind === 'day-move' || draft.measure === 'percent' ? 'Percent (±)' : 'Amount ($, ±)';

  return (
    <fieldset className="group" aria-labelledby="alerts-legend">
      <legend id="alerts-legend">Alerts</legend>
      <ul className="alert-rules" aria-label="Alert rules">
        {rules.map((rule) => (
          <li key={rule.id} className="alert-rule">
            <Switch id={`alert-${rule.id}`} label={rule.label} checked={rule.enabled} onChange={(v) => void toggle(rule, v)} />
            {rule.spec.kind === 'low-buying-power' && (
              <AlertLevelField rule={{ ...rule, spec: rule.spec }} onSaved={(next) => setRules((r) => r.map((x) => (x.id === next.id ? next : x)))} />
            )}
            {!rule.builtin && (
              <button type="button" className="btn small" aria-label={`Remove ${rule.label}`} onClick={() => void remove(rule)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>

      <form
        className="alert-form"
        aria-label="New alert"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div className="field">
          <label htmlFor="alert-kind">Alert when</label>
          <select id="alert-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as FormKind })}>
            <option value="price">A price crosses a level</option>
            <option value="day-move">A symbol moves today by</option>
            <option value="day-change">The day change passes</option>
            <option value="buying-power">Buying power falls below</option>
          </select>
        </div>
        {needsSymbol && (
          <div className="field">
            <label htmlFor="alert-symbol">Symbol</label>
            <input id="alert-symbol" value={draft.symbol} placeholder="AAPL or an OCC option symbol" onChange={(e) => set({ symbol: e.target.value })} />
          </div>
        )}
        {draft.kind === 'price' && (
          <div className="field">
            <label htmlFor="alert-direction">Direction</label>
            <select id="alert-direction" value={draft.direction} onChange={(e) => set({ direction: e.target.value as Draft['direction'] })}>
              <option value="above">Above</option>
              <option value="below">Below</option>
            </select>
          </div>
        )}
        {needsAccount && (
          <div className="field">
            <label htmlFor="alert-account">{draft.kind === 'day-change' ? 'Of' : 'In'}</label>
            <select id="alert-account" value={draft.account} onChange={(e) => set({ account: e.target.value })}>
              <option value="">{draft.kind === 'day-change' ? 'The whole portfolio' : 'Any margin account'}</option>
              {(snapshot?.accounts ?? []).map((a) => (
                <option key={a.hash} value={a.hash}>
                  {a.nickname ?? a.type} {a.displayNumber}
                </option>
              ))}
            </select>
          </div>
        )}
        {draft.kind === 'day-change' && (
          <div className="field">
            <label htmlFor="alert-measure">Measured in</label>
            <select id="alert-measure" value={draft.measure} onChange={(e) => set({ measure: e.target.value as Draft['measure'] })}>
              <option value="percent">Percent</option>
              <option value="amount">Dollars</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="alert-amount">{amountLabel}</label>
          <input id="alert-amount" inputMode="decimal" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} />
        </div>
        {formError && (
          <p className="error-text" role="alert" id="alert-form-error">
            {formError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={busy}>
            Add alert
          </button>
        </div>
      </form>

      <div className="field">
        <label htmlFor="quiet-start">Quiet hours from</label>
        <input
          id="quiet-start"
          type="time"
          value={settings.alertQuietStart ?? ''}
          onChange={(e) => void save({ alertQuietStart: e.target.value || null })}
        />
      </div>
      <div className="field">
        <label htmlFor="quiet-end">to</label>
        <input id="quiet-end" type="time" value={settings.alertQuietEnd ?? ''} onChange={(e) => void save({ alertQuietEnd: e.target.value || null })} />
      </div>
      <p className="hint">During quiet hours alerts are listed in the window but not notified. At most one notification per alert every 5 minutes.</p>
    </fieldset>
  );
}
