// The quote stream sleeps with the computer: closed on suspend or screen lock, reopened once the machine is
// both awake and unlocked (a resume while still locked waits for the unlock). The REST refresh carries on.
import type { Logger } from '../core/ports';

export interface PowerEvents {
  on(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
}

export interface StreamPauser {
  pauseStream(): void;
  resumeStream(): void;
}

export function pauseStreamWithPower(power: PowerEvents, stream: StreamPauser, logger: Logger): () => void {
  const reasons = new Set<'asleep' | 'locked'>();
  const hold = (reason: 'asleep' | 'locked') => (): void => {
    const was = reasons.size;
    reasons.add(reason);
    if (was === 0) {
      logger.info('quote stream paused', { reason });
      stream.pauseStream();
    }
  };
  const release = (reason: 'asleep' | 'locked') => (): void => {
    if (!reasons.delete(reason) || reasons.size > 0) return;
    logger.info('quote stream resumed', { after: reason });
    stream.resumeStream();
  };
  const handlers = [
    ['suspend', hold('asleep')],
    ['lock-screen', hold('locked')],
    ['resume', release('asleep')],
    ['unlock-screen', release('locked')],
  ] as const;
  for (const [event, fn] of handlers) power.on(event, fn);
  return () => {
    for (const [event, fn] of handlers) power.removeListener(event, fn);
  };
}
