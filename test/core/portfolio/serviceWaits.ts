// Waits on the portfolio service's own events (a poll settling) instead of sleeping in real time.
import type { PollerStatus, PortfolioService } from '../../../main/core/portfolio/poller';
import type { FakeClock } from '../../support/fakeClock';

/** Resolves once `n` polls have been attempted and none is in flight. */
export function untilPolls(service: PortfolioService, n: number): Promise<PollerStatus> {
  const done = (st: PollerStatus): boolean => st.polls >= n && !st.inFlight;
  const now = service.status();
  if (done(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = service.onPollSettled((st) => {
      if (!done(st)) return;
      off();
      resolve(st);
    });
  });
}

/** Fires the planned poll (advancing the fake clock by its delay), waits for it to settle, returns the delay. */
export async function nextPoll(service: PortfolioService, clock: FakeClock): Promise<number> {
  const st = service.status();
  if (st.nextPollAt === null) throw new Error('no poll is planned');
  const delay = st.nextPollAt - clock.now();
  clock.advance(delay);
  await untilPolls(service, st.polls + 1);
  return delay;
}
