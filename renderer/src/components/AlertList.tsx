// The window's alert list: recent fired alerts, newest first. Unseen ones are marked seen once the list
// has shown them (which clears the tray's mark).
import { useEffect, useState } from 'react';
import type { AlertFeed } from '../../../common/contract';
import { useApi } from '../apiContext';

const SHOWN = 5;

export function AlertList() {
  const api = useApi();
  const [feed, setFeed] = useState<AlertFeed>({ recent: [], unseen: 0 });

  useEffect(() => {
    let live = true;
    const off = api.onAlerts((f) => setFeed(f));
    api.getAlertFeed().then((f) => live && setFeed(f), () => undefined);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  useEffect(() => {
    if (feed.unseen > 0 && document.visibilityState === 'visible') void api.markAlertsSeen().then(setFeed, () => undefined);
  }, [api, feed]);

  if (feed.recent.length === 0) return null;
  return (
    <section className="alert-list" aria-label="Alerts">
      <h2>Alerts</h2>
      <ul>
        {feed.recent.slice(0, SHOWN).map((f) => (
          <li key={f.id} className={f.seen ? 'alert seen' : 'alert new'}>
            <strong>{f.title}</strong> <span className="muted">{new Date(f.at).toLocaleTimeString()}</span>
            <div>{f.body}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
