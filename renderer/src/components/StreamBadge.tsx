// Where the live numbers come from: the Schwab stream, the REST refresh alone, or a stream reconnecting.
// When another app holds the one stream Schwab allows per user, it says so and offers to take it back;
// the refresh keeps polling meanwhile.
import type { StreamStateView } from '../../../common/contract';
import { useNow } from '../hooks/useNow';

/** The header's words for the stream state (null: nothing worth saying, e.g. signed out). */
export function streamLabel(stream: StreamStateView, now: number): string | null {
  switch (stream.state) {
    case 'streaming':
      return stream.healthy ? 'Streaming' : 'Polling';
    case 'reconnecting': {
      const at = stream.nextAttemptAt ? Date.parse(stream.nextAttemptAt) : NaN;
      if (Number.isNaN(at)) return 'Reconnecting';
      const sec = Math.max(0, Math.ceil((at - now) / 1000));
      return sec > 0 ? `Reconnecting in ${sec} s` : 'Reconnecting';
    }
    case 'connecting':
      return 'Connecting stream';
    case 'taken-over':
      return 'Another app is using your Schwab stream';
    case 'idle':
    case 'paused':
      return 'Polling';
    case 'stopped':
      return stream.reason ? 'Polling' : null;
  }
}

export function StreamBadge(props: { stream: StreamStateView | null; onTakeBack(): void }) {
  const { stream } = props;
  // The countdown moves every second; the time is read at render so a new state never shows an old count.
  useNow(1_000);
  if (!stream) return null;
  const now = Date.now();
  const label = streamLabel(stream, now);
  if (label === null) return null;
  const tone = stream.state === 'streaming' && stream.healthy ? 'good' : stream.state === 'taken-over' ? 'warn' : 'neutral';
  return (
    <span className={`badge badge-dot-compact tone-${tone}`} data-testid="stream-badge" role="status" title={stream.reason ?? label}>
      <span className="dot" aria-hidden="true" />
      <span className="badge-label">{label}</span>
      {stream.state === 'taken-over' && (
        <button type="button" className="btn btn-small" onClick={props.onTakeBack}>
          Take it back
        </button>
      )}
    </span>
  );
}
