// The level of the low-buying-power built-in, beside its switch: dollars typed, or empty for the default
// ($0). The core checks it (a positive number) and answers with a sentence shown here; nothing is saved then.
import { useState } from 'react';
import type { AlertRuleView } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';

/** The typed level: null when empty (the default), NaN for words so the core names the bad value. */
function levelOf(text: string): number | null {
  const t = text.trim().replace(/[$,\s]/g, '');
  return t === '' ? null : Number(t);
}

export interface AlertLevelFieldProps {
  rule: AlertRuleView & { spec: { kind: 'low-buying-power' } };
  onSaved(rule: AlertRuleView): void;
}

export function AlertLevelField({ rule, onSaved }: AlertLevelFieldProps) {
  const api = useApi();
  const [text, setText] = useState(rule.spec.level === null ? '' : String(rule.spec.level));
  const [error, setError] = useState<string | null>(null);
  const id = `alert-level-${rule.id}`;
  const save = async (): Promise<void> => {
    setError(null);
    try {
      onSaved(await api.setAlertLevel(rule.id, levelOf(text)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form
      className="alert-level"
      aria-label="Buying power level"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id}>Below ($, empty: $0)</label>
      <input id={id} inputMode="decimal" value={text} placeholder="0" onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn small">
        Set level
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
