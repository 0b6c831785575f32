// Typed fan-out of the core's events to every binding (IPC, WebSocket, tray, CLI).
import type { EventName, EventPayloads } from '../../../common/contract';
import type { Logger } from '../ports';
import type { CoreEvents } from './coreTypes';

export class EventHub implements CoreEvents {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(private readonly log: Logger) {}

  on<E extends EventName>(event: E, cb: (payload: EventPayloads[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(cb as (payload: never) => void);
    return () => set.delete(cb as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const cb of this.listeners.get(event) ?? []) {
      try {
        (cb as (p: EventPayloads[E]) => void)(payload);
      } catch (e) {
        this.log.error('event listener failed', { event, error: e });
      }
    }
  }
}
