// Diagnostics' stream section: state, subscribed symbols per service, ticks per second, the last heartbeat
// and tick, and reconnects. It follows the streamState event, so it stays current while the panel is open.
import { useEffect, useState } from 'react';
import type { StreamStateView } from '../../../common/contract';
import { useApi } from '../apiContext';
import { formatTimestamp } from '../format/timeFormat';
import { useNow } from '../hooks/useNow';
import { streamLabel } from './StreamBadge';

export function StreamDiagnostics() {
  const api = useApi();
  const now = useNow(1_000);
  const [stream, setStream] = useState<StreamStateView | null>(null);

  useEffect(() => {
    let live = true;
    let seen = false;
    const off = api.onStreamState((s) => {
      seen = true;
      if (live) setStream(s);
    });
    api.getStreamState().then(
      (s) => {
        if (live && !seen) setStream(s);
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  return (
    <section className="group" aria-labelledby="diag-stream">
      <h3 id="diag-stream">Quote stream</h3>
      {stream ? (
        <dl className="kv" data-testid="diag-stream">
          <dt>State</dt>
          <dd>
            {stream.state}
            {streamLabel(stream, now) && stream.state !== 'streaming' ? ` · ${streamLabel(stream, now)}` : ''}
            {stream.reason ? ` (${stream.reason})` : ''}
          </dd>
          <dt>Subscribed</dt>
          <dd>
            {stream.subscribed.equities} equities · {stream.subscribed.options} options
          </dd>
          <dt>Ticks/s</dt>
          <dd>{stream.ticksPerSecond}</dd>
          <dt>Last heartbeat</dt>
          <dd>{formatTimestamp(stream.lastHeartbeatAt)}</dd>
          <dt>Last tick</dt>
          <dd>{formatTimestamp(stream.lastTickAt)}</dd>
          <dt>Reconnects</dt>
          <dd>{stream.reconnects}</dd>
          <dt>Prices</dt>
          <dd>{stream.priceBasis === 'last' ? 'Last trade' : 'Mark'}</dd>
        </dl>
      ) : (
        <p className="muted">Unknown</p>
      )}
    </section>
  );
}
