// The sandbox's moving portfolio as the window and the tray receive it: a real sandbox over loopback HTTP,
// the real portfolio service with its quotes (real SQLite file, fake clock), one poll per step after the sandbox's prices
// moved. Each step returns the snapshot the service publishes (account numbers masked).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS, type PortfolioSnapshot } from '../../common/contract';
import { createPortfolioService, type AuthGateState, type PortfolioService } from '../../main/core/portfolio/poller';
import { silentLogger } from '../../main/core/log/logger';
import { createPositionQuotes } from '../../main/core/portfolio/positionQuotes';
import { createAccountsClient } from '../../main/core/schwab/accountsClient';
import { createSchwabHttpClient } from '../../main/core/schwab/httpClient';
import { openDatabase } from '../../main/core/store/database';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { nextPoll, untilPolls } from '../core/portfolio/serviceWaits';
import { sandboxTokenSource } from '../core/schwab/sandboxTokens';
import { FakeClock } from './fakeClock';

export interface MovingPortfolio {
  sandbox: Sandbox;
  service: PortfolioService;
  /** The first published snapshot. */
  first: PortfolioSnapshot;
  /** Moves the sandbox's prices `ticks` steps, polls once, and returns the snapshot published. */
  step(ticks?: number): Promise<PortfolioSnapshot>;
  close(): Promise<void>;
}

export async function startMovingPortfolio(seed = 11): Promise<MovingPortfolio> {
  const sandbox = await startSandbox({ seed, autoApprove: true });
  const tokens = await sandboxTokenSource(sandbox);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-moving-'));
  const db = openDatabase(path.join(dir, 'arbion.db'));
  const clock = new FakeClock(); // a weekday in market hours
  const gate: AuthGateState = { status: 'signed-in', mode: 'demo' };
  const http = createSchwabHttpClient({ baseUrl: sandbox.baseUrl, tokens, clock, random: () => 0.5 });
  const client = createAccountsClient(http);
  const service = createPortfolioService({
    client,
    // Marks, last prices and quote times from the quotes request, as the app's session wires it.
    quotes: createPositionQuotes({ client, clock, logger: silentLogger }),
    db,
    clock,
    settings: { get: () => DEFAULT_SETTINGS },
    authGate: { get: () => gate, subscribe: () => () => undefined },
    random: () => 1,
  });
  service.start();
  await untilPolls(service, 1);
  const published = (): PortfolioSnapshot => {
    const s = service.current();
    if (!s) throw new Error("the portfolio service published no snapshot");
    return s;
  };
  return {
    sandbox,
    service,
    first: published(),
    async step(ticks = 1) {
      sandbox.tick(ticks);
      await nextPoll(service, clock);
      return published();
    },
    async close() {
      await service.stop();
      await sandbox.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
