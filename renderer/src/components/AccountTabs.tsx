// "All accounts" plus one tab per account (its Schwab nickname when known), each with its value and day change. ARIA tabs with roving focus:
// arrow keys move between tabs, Home/End jump, and selection follows focus.
import { useRef, type KeyboardEvent } from 'react';
import type { Cents, PortfolioSnapshot } from '../../../common/contract';
import { accountName, accountSubtitle } from './accountTitle';
import { Change } from './Change';
import { Money } from './Money';

export const ALL_ACCOUNTS = 'all';
export const POSITIONS_PANEL_ID = 'account-panel';

interface TabItem {
  id: string;
  title: string;
  subtitle?: string;
  value: Cents;
  change: Cents;
  changePercent: number;
}

export function tabIdFor(selection: string): string {
  return `account-tab-${selection}`;
}

export function AccountTabs({
  snapshot,
  selected,
  onSelect,
}: {
  snapshot: PortfolioSnapshot;
  selected: string;
  onSelect(id: string): void;
}) {
  const refs = useRef<Map<string, HTMLButtonElement>>(new Map());
  const items: TabItem[] = [
    {
      id: ALL_ACCOUNTS,
      title: 'All accounts',
      value: snapshot.totals.liquidationValue,
      change: snapshot.totals.dayChange,
      changePercent: snapshot.totals.dayChangePercent,
    },
    ...snapshot.accounts.map((a) => ({
      id: a.hash,
      title: accountName(a),
      subtitle: accountSubtitle(a),
      value: a.liquidationValue,
      change: a.dayChange,
      changePercent: a.dayChangePercent,
    })),
  ];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = items.findIndex((t) => t.id === selected);
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (index + 1) % items.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (index - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const id = items[next]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };

  return (
    <div className="account-tabs" role="tablist" aria-label="Accounts" onKeyDown={onKeyDown}>
      {items.map((t) => {
        const isSelected = t.id === selected;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={tabIdFor(t.id)}
            aria-selected={isSelected}
            aria-controls={POSITIONS_PANEL_ID}
            tabIndex={isSelected ? 0 : -1}
            className={`account-tab${isSelected ? ' selected' : ''}`}
            onClick={() => onSelect(t.id)}
          >
            <span className="tab-title">{t.subtitle ? `${t.title} · ${t.subtitle}` : t.title}</span>
            <Money value={t.value} className="tab-value" />
            <Change value={t.change} percent={t.changePercent} className="tab-change" />
          </button>
        );
      })}
    </div>
  );
}
