// The core's Streamer client against the sandbox Streamer over real loopback WebSocket, one fake clock for
// both: login, subscriptions, change-only merging, agreement with REST, and every fault survived.
import { afterEach, describe, expect, it } from 'vitest';
import { QuotesResponseSchema } from '../../../main/core/schwab/schemas';
import type { AccountActivityEvent } from '../../../main/core/stream/accountActivity';
import { WsQuoteStream } from '../../../main/core/stream/wsQuoteStream';
import { getApi, login } from '../../sandbox/schwabHttp';
import { harness, recordingLogger, type Harness } from './streamHarness';

let h: Harness;
const extra: WsQuoteStream[] = [];
afterEach(async () => {
  for (const s of extra.splice(0)) s.stop();
  await h?.close();
});

const state = () => h.stream.status().state;
const option = () => h.sb.heldSymbols().find((s) => s.length === 21)!;

async function streaming(symbols: string[], opts: Parameters<typeof harness>[0] = {}): Promise<void> {
  h = await harness(opts);
  h.stream.start(symbols);
  await h.until(() => state() === 'streaming' && symbols.every((s) => h.latest(s) !== undefined));
}

async function restMark(symbol: string): Promise<number> {
  const token = await h.tokens.getAccessToken();
  const res = await getApi(h.sb, `/marketdata/v1/quotes?symbols=${encodeURIComponent(symbol)}&fields=quote`, token);
  const entry = QuotesResponseSchema.parse(await res.json())[symbol] as { quote: { mark: number } };
  return Math.round(entry.quote.mark * 100);
}

describe('login and subscriptions', () => {
  it('logs in, subscribes only after LOGIN code 0, equities and OCC options on their own services, prices in cents', async () => {
    h = await harness();
    const opt = option();
    h.stream.start(['AAPL', 'SPY', opt]);
    await h.until(() => state() === 'streaming' && h.latest(opt) !== undefined && h.latest('SPY') !== undefined);
    expect(h.statuses.map((s) => s.state).slice(0, 3)).toEqual(['connecting', 'logging-in', 'streaming']);
    // A SUBS sent before the LOGIN ack would have been answered with code 20.
    expect(h.stream.diagnostics().lastCode).toBeUndefined();
    expect(h.sb.streamerConnections()).toEqual([{ LEVELONE_EQUITIES: ['AAPL', 'SPY'], LEVELONE_OPTIONS: [opt], ACCT_ACTIVITY: [h.info.schwabClientCorrelId] }]);
    expect(h.stream.diagnostics().subscribed).toEqual({ equities: 2, options: 1 });

    const truth = h.sb.truth().prices;
    const aapl = h.latest('AAPL')!;
    expect(aapl).toMatchObject({ kind: 'equity', last: truth.AAPL!.lastCents, close: truth.AAPL!.closeCents, securityStatus: 'Normal' });
    expect(Number.isInteger(aapl.bid)).toBe(true);
    expect(aapl.netChange).toBe(truth.AAPL!.lastCents - truth.AAPL!.closeCents);
    const o = h.latest(opt)!;
    expect(o).toMatchObject({ kind: 'option', last: truth[opt]!.lastCents, close: truth[opt]!.closeCents });
    expect(o.delta).toBeTypeOf('number');
    expect(o.theta).toBeLessThan(0);
    expect(o.impliedVolatility).toBeGreaterThan(0);
    expect(o.daysToExpiration).toBeGreaterThan(0);
  });

  it('the streamed mark equals the REST quote mark at the same sandbox instant, to the cent', async () => {
    await streaming(['AAPL', 'NVDA']);
    const opt = option();
    h.stream.setSymbols(['AAPL', 'NVDA', opt]);
    await h.settleIo(() => h.latest(opt) !== undefined);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      const seen = h.quotes.length;
      h.sb.tick();
      await h.settleIo(() => h.quotes.length >= seen + 3);
      for (const s of ['AAPL', 'NVDA', opt]) expect(h.latest(s)!.mark).toBe(await restMark(s));
    }
  });

  it('merges change-only frames: fields not resent keep their value and are not reported as changed', async () => {
    await streaming(['AAPL']);
    const close = h.latest('AAPL')!.close;
    const seen = h.quotes.length;
    h.clock.advance(1000);
    h.sb.tick();
    await h.settleIo(() => h.quotes.length > seen);
    const next = h.quotes[seen]!;
    expect(next.close).toBe(close);
    expect(next.changed).not.toContain('close');
    expect(next.changed).toContain('last');
    expect(next.last).toBe(h.sb.truth().prices.AAPL!.lastCents);
  });

  it('re-subscribes by difference (ADD, UNSUBS) when the set changes, idles on an empty set and resumes', async () => {
    await streaming(['AAPL', 'SPY']);
    const opt = option();
    h.stream.setSymbols(['AAPL', 'MSFT', opt]);
    await h.settleIo(() => h.latest('MSFT') !== undefined && h.latest(opt) !== undefined);
    // ACCT_ACTIVITY is not a symbol: its key stays as subscribed at login, untouched by the diffing.
    expect(h.sb.streamerConnections()).toEqual([{ LEVELONE_EQUITIES: ['AAPL', 'MSFT'], LEVELONE_OPTIONS: [opt], ACCT_ACTIVITY: [h.info.schwabClientCorrelId] }]);
    await h.settleIo(() => h.stream.diagnostics().subscribed.equities === 2 && h.stream.diagnostics().subscribed.options === 1);
    // ADD, not SUBS: AAPL was not sent again in full.
    expect(h.quotes.filter((q) => q.symbol === 'AAPL')).toHaveLength(1);
    h.stream.setSymbols(['MSFT']);
    await h.settleIo(() => h.sb.streamerConnections()[0]?.LEVELONE_EQUITIES.join() === 'MSFT');
    expect(h.sb.streamerConnections()[0]!.LEVELONE_OPTIONS).toEqual([]);
    h.stream.setSymbols([]);
    expect(state()).toBe('idle');
    h.stream.setSymbols(['SPY']);
    await h.until(() => state() === 'streaming' && h.sb.streamerConnections()[0]?.LEVELONE_EQUITIES.join() === 'SPY');
  });

  it('a bad token gets code 3: asks the token source for a fresh one and reconnects with it', async () => {
    h = await harness({ firstToken: 'I0.expired-token@' });
    h.stream.start(['AAPL']);
    await h.until(() => state() === 'streaming' && h.latest('AAPL') !== undefined);
    expect(h.tokens.refreshes).toEqual(['I0.expired-token@']);
    expect(h.stream.diagnostics().lastCode?.code).toBe(3);
    expect(h.sb.streamerLogins()).toBe(1);
  });

  it('refuses a ws:// URL that is not loopback, by name, without connecting', async () => {
    h = await harness({ stream: {} });
    const logs: Parameters<typeof recordingLogger>[0] = [];
    const s = new WsQuoteStream({ streamerInfo: { ...h.info, streamerSocketUrl: 'ws://streamer.example.com/ws' }, tokens: h.tokens, clock: h.clock, logger: recordingLogger(logs) });
    extra.push(s);
    s.start(['AAPL']);
    await h.settleIo(() => s.status().state === 'stopped');
    expect(s.status()).toEqual({ state: 'stopped', reason: 'streamerSocketUrl must be wss:// (ws:// only on loopback), got ws://streamer.example.com' });
  });
});

describe('ACCT_ACTIVITY', () => {
  it('subscribed once logged in (outside the symbol counts and limits); a fill arrives as accountActivity with "3" parsed, the account masked in logs', async () => {
    const events: AccountActivityEvent[] = [];
    h = await harness({ sandbox: { streamerSymbolLimit: 1 } });
    h.stream.onAccountActivity((e) => events.push(e));
    h.stream.start(['AAPL']);
    await h.until(() => state() === 'streaming' && h.stream.accountActivityLive() && events.length > 0);
    // One symbol under a limit of one: the activity key does not count against it.
    expect(h.stream.diagnostics().subscribed).toEqual({ equities: 1, options: 0 });
    expect(h.stream.diagnostics().lastCode).toBeUndefined();
    expect(events[0]).toMatchObject({ messageType: 'SUBSCRIBED', seq: 0, data: undefined });

    const [execution] = h.sb.activity.fillNext();
    await h.settleIo(() => events.some((e) => e.messageType === 'ExecutionCreated'));
    const event = events.find((e) => e.messageType === 'ExecutionCreated')!;
    expect(event.accountNumber).toBe(execution!.accountNumber);
    expect(event.data).toMatchObject({ SchwabOrderID: String(execution!.orderId), BaseEvent: { EventType: 'ExecutionCreated' } });
    const logged = h.logs.filter((l) => l.msg === 'account activity');
    expect(logged.map((l) => l.fields?.type)).toContain('ExecutionCreated');
    expect(JSON.stringify(logged)).not.toContain(execution!.accountNumber);
    expect(logged.at(-1)!.fields?.account).toBe(`…${execution!.accountNumber.slice(-4)}`);

    // Symbol changes leave the activity subscription alone; a reconnect subscribes it again (seq from 0).
    h.stream.setSymbols(['MSFT']);
    await h.settleIo(() => h.sb.streamerConnections()[0]?.LEVELONE_EQUITIES.join() === 'MSFT');
    expect(h.sb.streamerConnections()[0]!.ACCT_ACTIVITY).toEqual([h.info.schwabClientCorrelId]);
    const before = events.length;
    h.sb.faults.apply({ kind: 'stream-drop', afterSec: 0 });
    await h.until(() => state() === 'streaming' && events.length > before);
    expect(events[before]).toMatchObject({ messageType: 'SUBSCRIBED', seq: 0 });
  });
});

describe('faults survived', () => {
  it('a dropped socket: reconnecting with the next attempt time, then streaming again with the same symbols', async () => {
    await streaming(['AAPL', 'SPY']);
    h.sb.faults.stream.dropConnections();
    await h.settleIo(() => state() === 'reconnecting');
    const s = h.stream.status();
    expect(s).toMatchObject({ state: 'reconnecting', attempt: 1, nextAttemptAtMs: h.clock.now() + 1000 });
    await h.until(() => state() === 'streaming' && h.sb.streamerConnections()[0]?.LEVELONE_EQUITIES.length === 2);
    expect(h.stream.diagnostics().reconnects).toBe(1);
    expect(h.sb.streamerLogins()).toBe(2);
    const seen = h.quotes.length;
    h.clock.advance(1000);
    h.sb.tick();
    await h.settleIo(() => h.quotes.length > seen);
    expect(h.latest('AAPL')!.mark).toBe(await restMark('AAPL'));
  });

  it('a half-open socket (no data, no heartbeat, no pong) is found dead within 60 s and replaced', async () => {
    await streaming(['AAPL']);
    h.sb.faults.stream.silence();
    const t0 = h.clock.now();
    await h.until(() => state() === 'reconnecting');
    expect(h.clock.now() - t0).toBeLessThanOrEqual(60_000);
    expect((h.stream.status() as { reason: string }).reason).toMatch(/no pong|no frame/);
    await h.until(() => state() === 'streaming');
    expect(h.sb.streamerLogins()).toBe(2);
  });

  it('heartbeat silence alone (pings answered, nothing else) also ends the socket, at 60 s', async () => {
    await streaming(['AAPL'], { sandbox: { streamerHeartbeatMs: 3_600_000 } });
    const t0 = h.clock.now();
    await h.until(() => state() === 'reconnecting');
    expect(h.clock.now() - t0).toBeGreaterThanOrEqual(59_000);
    expect(h.clock.now() - t0).toBeLessThanOrEqual(60_000);
    expect((h.stream.status() as { reason: string }).reason).toBe('no frame for 60 s');
  });

  it('code 12: taken-over, no reconnect storm (attempts counted), until takeBack()', async () => {
    await streaming(['AAPL']);
    const other = new WsQuoteStream({ streamerInfo: h.info, tokens: h.tokens, clock: h.clock, logger: recordingLogger([]) });
    extra.push(other);
    other.start(['MSFT']);
    await h.until(() => state() === 'taken-over' && other.status().state === 'streaming');
    const logins = h.sb.streamerLogins();
    const t = h.clock.now();
    await h.until(() => h.clock.now() - t >= 600_000, 5_000);
    expect(state()).toBe('taken-over');
    expect(h.sb.streamerLogins()).toBe(logins);
    expect(h.stream.diagnostics().reconnects).toBe(0);
    expect(h.statuses.filter((s) => s.state === 'connecting')).toHaveLength(1);
    h.stream.takeBack();
    await h.until(() => state() === 'streaming' && other.status().state === 'taken-over');
    expect(h.sb.streamerLogins()).toBe(logins + 1);
    // The typed fault behaves the same.
    h.sb.faults.stream.sendCode(12);
    await h.settleIo(() => state() === 'taken-over');
  });

  it('code 30 with symbols held reconnects; code 19 is reported and streaming goes on', async () => {
    await streaming(['AAPL']);
    h.sb.faults.stream.sendCode(19);
    await h.settleIo(() => h.stream.diagnostics().lastCode?.code === 19);
    expect(state()).toBe('streaming');
    h.sb.faults.stream.sendCode(30);
    await h.settleIo(() => state() === 'reconnecting');
    await h.until(() => state() === 'streaming');
  });

  it('the symbol limit: code 19 leaves the acknowledged count at what the streamer took', async () => {
    await streaming(['AAPL', 'MSFT'], { sandbox: { streamerSymbolLimit: 2 } });
    h.stream.setSymbols(['AAPL', 'MSFT', 'NVDA']);
    await h.settleIo(() => h.stream.diagnostics().lastCode?.code === 19);
    expect(h.stream.diagnostics().subscribed.equities).toBe(2);
    expect(h.logs.some((l) => l.level === 'error' && l.msg.includes('symbol limit'))).toBe(true);
  });

  it('duplicate and out-of-order frames: no duplicate update, no older value over a newer one', async () => {
    await streaming(['AAPL']);
    h.sb.faults.stream.duplicateNext(1);
    let seen = h.quotes.length;
    h.clock.advance(1000);
    h.sb.tick();
    await h.settleIo(() => h.quotes.length > seen);
    const probe = h.quotes.length;
    h.clock.advance(1000);
    h.sb.tick();
    await h.settleIo(() => h.quotes.length > probe);
    // The duplicate arrived before the next tick's frame and changed nothing.
    expect(h.quotes.length - seen).toBe(2);

    h.sb.faults.stream.reorderNext(1);
    seen = h.quotes.length;
    h.clock.advance(1000);
    h.sb.tick();
    h.clock.advance(1000);
    h.sb.tick();
    await h.settleIo(() => h.quotes.length > seen);
    const truth = h.sb.truth().prices.AAPL!.lastCents;
    await h.settleIo(() => h.latest('AAPL')!.last === truth);
    expect(h.latest('AAPL')!.mark).toBe(await restMark('AAPL'));
  });

  it('malformed frames, zero prices and unknown keys are ignored and each kind logged once', async () => {
    await streaming(['AAPL']);
    for (const mode of ['json', 'price', 'key'] as const) {
      h.sb.faults.stream.malformNext(2, mode);
      for (let i = 0; i < 2; i++) {
        const seen = h.quotes.length;
        h.clock.advance(1000);
        h.sb.tick();
        await h.settleIo(() => h.quotes.length > seen);
      }
    }
    const d = h.stream.diagnostics();
    expect(d.ignored['malformed-frame']).toBe(2);
    expect(d.ignored['unknown-key']).toBe(2);
    expect(d.ignored['bad-price']).toBe(6);
    const warned = h.logs.filter((l) => l.msg.startsWith('stream input ignored'));
    expect(warned.map((l) => l.fields?.kind).sort()).toEqual(['bad-price', 'malformed-frame', 'unknown-key']);
    expect(state()).toBe('streaming');
    expect(h.quotes.every((q) => q.bid === undefined || q.bid > 0)).toBe(true);
    expect(h.latest('AAPL')!.mark).toBe(await restMark('AAPL'));
  });

  it('a burst of 50 ticks per second shows as ticks/s and stays in agreement with REST', async () => {
    await streaming(['AAPL']);
    h.sb.faults.stream.burst(50, 2);
    const start = h.clock.now();
    await h.until(() => h.clock.now() - start >= 1_500, 20);
    expect(h.stream.diagnostics().ticksPerSecond).toBeGreaterThanOrEqual(45);
    await h.until(() => h.clock.now() - start >= 2_100, 20);
    await h.settleIo(() => h.latest('AAPL')!.last === h.sb.truth().prices.AAPL!.lastCents);
    expect(h.latest('AAPL')!.mark).toBe(await restMark('AAPL'));
    expect(h.stream.diagnostics().lastHeartbeatMs).toBeUndefined();
  });
});

describe('reconnect timing on the fake clock', () => {
  it('backs off 1 s, 2 s, 4 s … capped at 60 s while the streamer is unreachable', async () => {
    h = await harness();
    const token = (await login(h.sb)).access_token;
    h.tokens.token = token;
    await h.sb.close();
    h.stream.start(['AAPL']);
    const delays: number[] = [];
    while (delays.length < 9) {
      await h.settleIo(() => state() === 'reconnecting' && h.stream.diagnostics().reconnects === delays.length + 1);
      const s = h.stream.status() as { nextAttemptAtMs: number };
      delays.push(s.nextAttemptAtMs - h.clock.now());
      h.clock.runNext();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('a healthy minute resets the backoff; a short-lived connection does not', async () => {
    await streaming(['AAPL']);
    h.sb.faults.stream.dropConnections();
    await h.settleIo(() => state() === 'reconnecting');
    await h.until(() => state() === 'streaming');
    // Up for 10 s: the next wait doubles.
    h.clock.advance(10_000);
    h.sb.faults.stream.dropConnections();
    await h.settleIo(() => state() === 'reconnecting');
    expect((h.stream.status() as { nextAttemptAtMs: number }).nextAttemptAtMs - h.clock.now()).toBe(2000);
    await h.until(() => state() === 'streaming');
    // Up for a minute (heartbeats keep it alive): back to 1 s.
    const since = h.clock.now();
    await h.until(() => h.clock.now() - since >= 61_000);
    expect(state()).toBe('streaming');
    h.sb.faults.stream.dropConnections();
    await h.settleIo(() => state() === 'reconnecting');
    expect((h.stream.status() as { nextAttemptAtMs: number }).nextAttemptAtMs - h.clock.now()).toBe(1000);
  });
});
