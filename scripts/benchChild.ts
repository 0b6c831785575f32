// A bench helper process (sandbox, core) driven over IPC: requests out, replies awaited by their type.
import { fork } from 'node:child_process';

export interface BenchChild<Request, Reply extends { type: string }> {
  ask(m: Request): void;
  reply<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>>;
  /** Disconnects the channel (each child closes what it started and exits then) and waits for the exit. */
  close(): Promise<void>;
}

export function forkBenchChild<Request, Reply extends { type: string }>(file: string): BenchChild<Request, Reply> {
  const child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: Reply[] = [];
  const waiters: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.on('message', (m: Reply) => {
    replies.push(m);
    wake();
  });
  child.on('exit', wake);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ask: (m) => void child.send(m as object),
    async reply(type) {
      for (;;) {
        const i = replies.findIndex((r) => r.type === type);
        if (i >= 0) return replies.splice(i, 1)[0] as Extract<Reply, { type: typeof type }>;
        if (child.exitCode !== null) throw new Error(`the bench child ${file} exited`);
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async close() {
      if (child.connected) child.disconnect();
      if (child.exitCode === null) await exited;
    },
  };
}
