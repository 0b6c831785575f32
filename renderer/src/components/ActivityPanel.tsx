// The Activity tab: the sync's progress (a year's backfill on first sign-in), working orders, today's
// fills, the realized / income figures and the transactions. Follows the core's `activity` event.
import { useEffect, useState } from 'react';
import type { ActivityView } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { ActivityFigures } from './ActivityFigures';
import { TodaysFills, WorkingOrders } from './ActivityOrders';
import { ActivityTransactions } from './ActivityTransactions';

function SyncStatus({ view }: { view: ActivityView }) {
  const { phase, done, total, error, lastSyncAt } = view.sync;
  if (phase === 'backfilling' || phase === 'syncing') {
    const label = phase === 'backfilling' ? 'Downloading a year of orders and transactions' : 'Checking for new activity';
    return (
      <div className="sync-status" role="status">
        <span>{label}…</span>
        <progress aria-label={label} max={Math.max(total, 1)} value={done} />
        <span>
          {done} of {total} requests
        </span>
      </div>
    );
  }
  if (phase === 'error') {
    return (
      <p className="error-note" role="alert">
        Activity not updated: {error}
      </p>
    );
  }
  return <p className="sync-status muted">{lastSyncAt ? `Activity as of ${new Date(lastSyncAt).toLocaleTimeString()}` : 'Activity not loaded yet'}</p>;
}

export function ActivityPanel() {
  const api = useApi();
  const [view, setView] = useState<ActivityView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.onActivity((v) => live && setView(v));
    api.getActivity().then(
      (v) => live && setView((current) => current ?? v),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (!view) {
    return error ? (
      <p className="error-note" role="alert">
        Activity could not load: {error}
      </p>
    ) : (
      <div className="empty-state" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>Loading activity…</p>
      </div>
    );
  }
  return (
    <div className="activity">
      <SyncStatus view={view} />
      <div className="activity-grid">
        <WorkingOrders orders={view.workingOrders} />
        <TodaysFills fills={view.todaysFills} />
      </div>
      <ActivityFigures figures={view.figures} />
      <ActivityTransactions types={view.transactionTypes} version={view.sync.lastSyncAt} />
    </div>
  );
}
