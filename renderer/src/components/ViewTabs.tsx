// Portfolio / Activity: a two-button switch (aria-pressed), reached with Tab; arrow keys, Home and End move
// between the two as in the account tabs. Not ARIA tabs, so the account tabs stay the window's one tablist.
import { useRef, type KeyboardEvent } from 'react';

export type DashboardView = 'portfolio' | 'activity';
const VIEWS: ReadonlyArray<{ id: DashboardView; label: string }> = [
  { id: 'portfolio', label: 'Portfolio' },
  { id: 'activity', label: 'Activity' },
];
export const viewTabId = (v: DashboardView): string => `view-tab-${v}`;
export const viewPanelId = (v: DashboardView): string => `view-panel-${v}`;

export function ViewTabs({ selected, onSelect }: { selected: DashboardView; onSelect(v: DashboardView): void }) {
  const refs = useRef(new Map<DashboardView, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = VIEWS.findIndex((v) => v.id === selected);
    const next =
      e.key === 'ArrowRight' ? (i + 1) % VIEWS.length : e.key === 'ArrowLeft' ? (i - 1 + VIEWS.length) % VIEWS.length : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    const id = VIEWS[next]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div className="view-tabs" role="group" aria-label="View" onKeyDown={onKeyDown}>
      {VIEWS.map((v) => (
        <button
          key={v.id}
          ref={(el) => {
            if (el) refs.current.set(v.id, el);
            else refs.current.delete(v.id);
          }}
          type="button"
          id={viewTabId(v.id)}
          aria-pressed={v.id === selected}
          aria-controls={viewPanelId(v.id)}
          className={`view-tab${v.id === selected ? ' selected' : ''}`}
          onClick={() => onSelect(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
