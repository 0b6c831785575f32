// The quote stream as the window sees it: its state, what it has subscribed, and how lively it is.
import type { PriceBasis } from './settings';

export type StreamStateName = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'taken-over' | 'paused' | 'stopped';

export interface StreamStateView {
  /**
   * idle: signed in, nothing streamable held · connecting (also while logging in) · streaming ·
   * reconnecting (see nextAttemptAt) · taken-over: another app holds the one stream Schwab allows per user
   * (the refresh keeps polling; takeBackStream reconnects) · paused: the computer sleeps or is locked ·
   * stopped: signed out, or the stream cannot run (reason).
   */
  state: StreamStateName;
  /** Reconnecting: ISO time of the next attempt, and which attempt it is. */
  nextAttemptAt: string | null;
  attempt: number | null;
  reason: string | null;
  /** True while streaming with heartbeats arriving: the REST refresh slows to the reconcile pace. */
  healthy: boolean;
  /** Symbols the streamer acknowledged, per service. */
  subscribed: { equities: number; options: number };
  ticksPerSecond: number;
  lastHeartbeatAt: string | null;
  reconnects: number;
  /** ISO time of the last price tick, null before any. */
  lastTickAt: string | null;
  priceBasis: PriceBasis;
}

export const IDLE_STREAM_STATE: StreamStateView = {
  state: 'stopped',
  nextAttemptAt: null,
  attempt: null,
  reason: null,
  healthy: false,
  subscribed: { equities: 0, options: 0 },
  ticksPerSecond: 0,
  lastHeartbeatAt: null,
  reconnects: 0,
  lastTickAt: null,
  priceBasis: 'mark',
};
