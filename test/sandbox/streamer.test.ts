// The sandbox's Streamer over real loopback WebSocket, spoken to the way Schwab's guide writes requests:
// LOGIN rules, LEVELONE subscriptions with numbered fields, change-only frames that agree with the REST
// quotes, heartbeats, the symbol limit, the empty-subscription stop and one connection per user.
import { afterEach, describe, expect, it } from 'vitest';
import { QuotesResponseSchema } from '../../main/core/schwab/schemas';
import { parseFaultSpec, startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login } from './schwabHttp';
import { RawStreamerClient, streamerInfo } from './streamerClient';

let sb: Sandbox;
let clock: FakeClock;
let token: string;
const clients: RawStreamerClient[] = [];

async function start(opts: SandboxOptions = {}): Promise<RawStreamerClient> {
  clock = new FakeClock();
  sb = await startSandbox({ clock, autoApprove: true, ...opts });
  token = (await login(sb)).access_token;
  return open();
}
async function open(): Promise<RawStreamerClient> {
  const c = await RawStreamerClient.open(await streamerInfo(sb, token));
  clients.push(c);
  return c;
}
async function loggedIn(): Promise<RawStreamerClient> {
  const c = await start();
  expect(await c.code(c.login(token))).toBe(0);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sb?.close();
});

const EQUITY_FIELDS = '0,1,2,3,8,10,11,12,18,29,32,33,34,35,42,45';

describe('connection and LOGIN', () => {
  it('userPreference points streamerInfo[0] at this server', async () => {
    await start();
    const info = await streamerInfo(sb, token);
    expect(info.streamerSocketUrl).toBe(`ws://127.0.0.1:${sb.port}/ws`);
    expect(info.streamerSocketUrl).toBe(sb.streamerUrl);
    expect(info.schwabClientCustomerId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers nothing but LOGIN before LOGIN succeeded (code 20), then accepts SUBS', async () => {
    const c = await start();
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1' }))).toBe(20);
    const login = c.frame((f) => f.response?.[0]?.command === 'LOGIN');
    c.login(token);
    const ack = (await login).response![0]!;
    expect(ack).toMatchObject({ service: 'ADMIN', command: 'LOGIN', content: { code: 0 } });
    expect(ack.content.msg).toMatch(/^server=.+;status=(PN|NP|PP)$/);
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1' }))).toBe(0);
  });

  it('denies a bad token (code 3, Schwab\'s message) and closes', async () => {
    const c = await start();
    const id = c.login('I0.not-a-token@');
    const f = await c.response(id);
    expect(f.response![0]!.content).toEqual({ code: 3, msg: 'Login Denied.: token is invalid or has expired.' });
    await c.untilClosed();
    expect(sb.streamerLogins()).toBe(0);
  });

  it('denies an expired token and a wrong correl id', async () => {
    const c = await start();
    sb.faults.expireAccessTokens();
    expect(await c.code(c.login(token))).toBe(3);
    token = (await login(sb)).access_token;
    const d = await open();
    expect(await d.code(d.login(token, { SchwabClientCorrelId: 'someone-else' }))).toBe(3);
  });
});

describe('LEVELONE subscriptions', () => {
  it('SUBS sends a full first frame with the numbered fields, then only what changed; agrees with REST to the cent', async () => {
    const c = await loggedIn();
    const from = c.frames.length;
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL,SPY', fields: EQUITY_FIELDS }))).toBe(0);
    const first = await c.frame((f) => (f.data?.[0]?.content.length ?? 0) === 2, from);
    const aapl = first.data![0]!.content.find((e) => e.key === 'AAPL')!;
    expect(aapl).toMatchObject({ delayed: false, assetMainType: 'EQUITY', assetSubType: 'COE', '32': 'Normal' });
    for (const f of ['1', '2', '3', '8', '10', '11', '12', '18', '29', '33', '34', '35', '42', '45']) expect(aapl[f]).toBeTypeOf('number');
    expect(first.data![0]!.content.find((e) => e.key === 'SPY')).toMatchObject({ assetSubType: 'ETF' });

    clock.advance(1000);
    const mark = c.frames.length;
    sb.tick();
    const next = await c.frame((f) => f.data !== undefined, mark);
    const changed = next.data![0]!.content.find((e) => e.key === 'AAPL')!;
    // Change-only: the previous close, the status and the key's identity are not sent again.
    expect(changed['12']).toBeUndefined();
    expect(changed['32']).toBeUndefined();
    expect(changed.assetMainType).toBeUndefined();
    expect(changed['3']).not.toBe(aapl['3']);

    const res = await getApi(sb, '/marketdata/v1/quotes?symbols=AAPL&fields=quote', token);
    const quote = QuotesResponseSchema.parse(await res.json()).AAPL as { quote: Record<string, number> };
    expect(Math.round(Number(changed['33'] ?? aapl['33']) * 100)).toBe(Math.round(quote.quote.mark! * 100));
    expect(Math.round(Number(changed['3']) * 100)).toBe(sb.truth().prices.AAPL!.lastCents);
    expect(Math.round(Number(aapl['12']) * 100)).toBe(sb.truth().prices.AAPL!.closeCents);
  });

  it('streamTickMs walks a few held stocks between market ticks; the stream and a REST quote agree at that instant', async () => {
    const c = await start({ streamTickMs: 250 });
    expect(await c.code(c.login(token))).toBe(0);
    const held = sb.heldSymbols().filter((s) => s.length !== 21 && /^[A-Z.]+$/.test(s));
    const from = c.frames.length;
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: held.join(','), fields: EQUITY_FIELDS }))).toBe(0);
    await c.frame((f) => f.data !== undefined, from);
    const before = sb.truth();
    const marks = new Map<string, number>();
    const seen = (frames: typeof c.frames): void => {
      for (const f of frames) for (const e of f.data?.[0]?.content ?? []) if (e['33'] !== undefined) marks.set(String(e.key), Number(e['33']));
    };
    for (let step = 1; step <= 4; step++) {
      const at = c.frames.length;
      clock.advance(250);
      await c.frame((f) => f.data !== undefined && f.data[0]!.content.some((e) => e['3'] !== undefined), at);
    }
    seen(c.frames);
    const after = sb.truth();
    const moved = held.filter((s) => after.prices[s]!.lastCents !== before.prices[s]!.lastCents);
    // A few symbols move each step, never the whole market.
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(held.length);
    const res = await getApi(sb, `/marketdata/v1/quotes?symbols=${moved.join(',')}&fields=quote`, token);
    const quotes = QuotesResponseSchema.parse(await res.json()) as Record<string, { quote: Record<string, number> }>;
    for (const s of moved) expect(Math.round(marks.get(s)! * 100), s).toBe(Math.round(quotes[s]!.quote.mark! * 100));
  });

  it('options use their own numbering and OCC keys; ADD, UNSUBS and VIEW change what is sent', async () => {
    const c = await loggedIn();
    const option = sb.heldSymbols().find((s) => s.length === 21)!;
    const from = c.frames.length;
    expect(await c.code(c.request('LEVELONE_OPTIONS', 'SUBS', { keys: option, fields: '0,2,3,4,7,10,19,20,27,28,29,30,31,33,35,37,38,39' }))).toBe(0);
    const first = (await c.frame((f) => f.data?.[0]?.service === 'LEVELONE_OPTIONS', from)).data![0]!.content[0]!;
    expect(first.key).toBe(option);
    expect(first['37']).toBeTypeOf('number');
    expect(first['28']).toBeTypeOf('number');
    expect(Math.round(Number(first['4']) * 100)).toBe(sb.truth().prices[option]!.lastCents);

    expect(await c.code(c.request('LEVELONE_EQUITIES', 'ADD', { keys: 'MSFT', fields: '0,3' }))).toBe(0);
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'ADD', { keys: 'NVDA' }))).toBe(0);
    expect(sb.streamerConnections()[0]!.LEVELONE_EQUITIES).toEqual(['MSFT', 'NVDA']);
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'UNSUBS', { keys: 'MSFT' }))).toBe(0);
    expect(sb.streamerConnections()[0]!.LEVELONE_EQUITIES).toEqual(['NVDA']);
    const view = c.frames.length;
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'VIEW', { fields: '0,33' }))).toBe(0);
    const viewed = (await c.frame((f) => f.data?.[0]?.service === 'LEVELONE_EQUITIES', view)).data![0]!.content[0]!;
    expect(Object.keys(viewed).filter((k) => /^\d+$/.test(k))).toEqual(['33']);
  });

  it('refuses more keys than the symbol limit with code 19 and keeps the earlier set', async () => {
    const c = await start({ streamerSymbolLimit: 2 });
    expect(await c.code(c.login(token))).toBe(0);
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL,MSFT', fields: '0,1' }))).toBe(0);
    const id = c.request('LEVELONE_EQUITIES', 'ADD', { keys: 'NVDA' });
    const f = await c.response(id);
    expect(f.response![0]!.content.code).toBe(19);
    expect(f.response![0]!.content.msg).toContain('LEVELONE_EQUITIES=2');
    expect(sb.streamerConnections()[0]!.LEVELONE_EQUITIES).toEqual(['AAPL', 'MSFT']);
  });

  it('stops a connection left without subscriptions (code 30 notify) after 30 s', async () => {
    const c = await loggedIn();
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1' }))).toBe(0);
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'UNSUBS', { keys: 'AAPL' }))).toBe(0);
    clock.advance(29_000);
    expect(c.closed).toBe(false);
    clock.advance(1_000);
    const f = await c.frame((x) => x.notify?.[0]?.content?.code === 30);
    expect(f.notify![0]).toMatchObject({ service: 'ADMIN', content: { code: 30, msg: 'Stop streaming due to empty subscription' } });
    await c.untilClosed();
  });

  it('sends heartbeats on the sandbox clock', async () => {
    const c = await loggedIn();
    c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1' });
    clock.advance(10_000);
    const hb = await c.frame((f) => f.notify?.[0]?.heartbeat !== undefined);
    expect(hb.notify![0]!.heartbeat).toBe(String(clock.now()));
  });

  it('one connection per user: a second LOGIN makes the first get code 12 and close', async () => {
    const first = await loggedIn();
    const second = await open();
    expect(await second.code(second.login(token))).toBe(0);
    const f = await first.frame((x) => x.notify?.[0]?.content?.code === 12);
    expect(f.notify![0]!.service).toBe('ADMIN');
    await first.untilClosed();
    expect(second.closed).toBe(false);
    expect(sb.streamerConnections()).toHaveLength(1);
  });
});

describe('ACCT_ACTIVITY', () => {
  const activityData = (c: RawStreamerClient, from = 0) =>
    c
      .dataFrames(from)
      .filter((d) => d.service === 'ACCT_ACTIVITY')
      .flatMap((d) => d.content);

  it('SUBS with any client string: SUBSCRIBED at seq 0, then a fill as ExecutionCreated with "3" a JSON string; seq restarts on every subscribe', async () => {
    const c = await loggedIn();
    // The guide's key, kept as sent (keys here are client strings, not symbols to upper-case).
    expect(await c.code(c.request('ACCT_ACTIVITY', 'SUBS', { keys: 'Account Activity', fields: '0,1,2,3' }))).toBe(0);
    const subscribed = (await c.frame((f) => f.data?.[0]?.service === 'ACCT_ACTIVITY')).data![0]!.content[0]!;
    expect(subscribed).toMatchObject({ seq: 0, key: 'Account Activity', '2': 'SUBSCRIBED', '3': '' });
    expect(sb.streamerConnections()[0]!.ACCT_ACTIVITY).toEqual(['Account Activity']);

    const from = c.frames.length;
    const events = sb.activity.fillNext();
    const execution = events.find((e) => e.type === 'ExecutionCreated')!;
    await c.frame((f) => f.data?.some((d) => d.service === 'ACCT_ACTIVITY') ?? false, from);
    const [exec] = activityData(c, from);
    expect(exec).toMatchObject({ seq: 1, key: 'Account Activity', '1': execution.accountNumber, '2': 'ExecutionCreated' });
    expect(exec!['3']).toBeTypeOf('string');
    const payload = JSON.parse(String(exec!['3'])) as { SchwabOrderID: string; BaseEvent: { EventType: string; ExecutionInfo: { ExecutionQuantity: number; ExecutionPrice: { lo: string; signScale: number } } } };
    expect(payload.SchwabOrderID).toBe(String(execution.orderId));
    expect(payload.BaseEvent.EventType).toBe('ExecutionCreated');
    const { lo, signScale } = payload.BaseEvent.ExecutionInfo.ExecutionPrice;
    expect(Number(lo) / 10 ** (signScale >> 1)).toBeCloseTo(execution.price!, 6);
    expect(payload.BaseEvent.ExecutionInfo.ExecutionQuantity).toBe(execution.quantity);

    // A new order: created and accepted, seq counting on.
    const placed = c.frames.length;
    sb.activity.placeOrder();
    await c.frame(() => activityData(c, placed).length >= 2, placed);
    expect(activityData(c, placed).map((e) => [e.seq, e['2']])).toEqual([
      [2, 'OrderCreated'],
      [3, 'OrderAccepted'],
    ]);

    // Subscribing again starts over at 0; after UNSUBS nothing more is sent.
    const again = c.frames.length;
    expect(await c.code(c.request('ACCT_ACTIVITY', 'SUBS', { keys: 'other-key', fields: '0,1,2,3' }))).toBe(0);
    await c.frame(() => activityData(c, again).length >= 1, again);
    expect(activityData(c, again)[0]).toMatchObject({ seq: 0, key: 'other-key', '2': 'SUBSCRIBED' });
    expect(await c.code(c.request('ACCT_ACTIVITY', 'UNSUBS', {}))).toBe(0);
    const after = c.frames.length;
    sb.activity.fillNext();
    expect(await c.code(c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1' }))).toBe(0);
    expect(activityData(c, after)).toEqual([]);
  });

  it('ADD is refused with code 24 (SUBS and UNSUBS only); the subscription alone keeps the connection from the empty-subscription stop', async () => {
    const c = await loggedIn();
    const id = c.request('ACCT_ACTIVITY', 'ADD', { keys: 'Account Activity', fields: '0,1,2,3' });
    const refused = (await c.response(id)).response![0]!;
    expect(refused).toMatchObject({ service: 'ACCT_ACTIVITY', command: 'ADD', content: { code: 24 } });
    expect(refused.content.msg).toContain('SUBS and UNSUBS only');
    expect(sb.streamerConnections()[0]!.ACCT_ACTIVITY).toEqual([]);
    expect(await c.code(c.request('ACCT_ACTIVITY', 'SUBS', { keys: 'k', fields: '0,1,2,3' }))).toBe(0);
    clock.advance(31_000);
    expect(await c.code(c.request('ACCT_ACTIVITY', 'UNSUBS', {}))).toBe(0);
    expect(c.frames.some((f) => f.notify?.[0]?.content?.code === 30)).toBe(false);
    expect(c.closed).toBe(false);
  });
});

describe('stream faults', () => {
  it('half-open: silence() keeps the socket open and sends nothing, not even pongs', async () => {
    const c = await loggedIn();
    c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,1,3' });
    await c.frame((f) => f.data !== undefined);
    sb.faults.stream.silence();
    const from = c.frames.length;
    let ponged = false;
    c.ws.on('pong', () => (ponged = true));
    c.ws.ping();
    sb.tick();
    clock.advance(30_000);
    // A round trip that does arrive proves the wait was long enough for the ones that did not.
    const probe = await RawStreamerClient.open(c.info);
    clients.push(probe);
    expect(await probe.code(probe.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL' }))).toBe(20);
    expect(c.frames.slice(from)).toEqual([]);
    expect(ponged).toBe(false);
    expect(c.closed).toBe(false);
  });

  it('drop, codes 3/12/30 close the socket; 19 arrives as a failed SUBS', async () => {
    const c = await loggedIn();
    sb.faults.stream.sendCode(19);
    expect((await c.frame((f) => f.response?.[0]?.content.code === 19)).response![0]!.service).toBe('LEVELONE_EQUITIES');
    for (const code of [3, 12, 30] as const) {
      const d = await open();
      expect(await d.code(d.login(token))).toBe(0);
      sb.faults.stream.sendCode(code);
      expect((await d.frame((f) => f.notify?.[0]?.content?.code === code)).notify![0]!.service).toBe('ADMIN');
      await d.untilClosed();
    }
    const e = await open();
    expect(await e.code(e.login(token))).toBe(0);
    sb.faults.stream.dropConnections();
    await e.untilClosed();
  });

  it('duplicate, out-of-order and malformed frames, and a burst of ticks', async () => {
    const c = await loggedIn();
    c.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'AAPL', fields: '0,3,33' });
    await c.frame((f) => f.data !== undefined);

    let from = c.texts.length;
    sb.faults.stream.duplicateNext(1);
    clock.advance(1000);
    sb.tick();
    await c.frame((f) => f.data !== undefined, from);
    expect(c.texts[from + 1]).toBe(c.texts[from]);

    from = c.frames.length;
    sb.faults.stream.reorderNext(1);
    clock.advance(1000);
    sb.tick();
    clock.advance(1000);
    sb.tick();
    await c.frame((_, ) => c.dataFrames(from).length >= 2, from);
    const [a, b] = c.dataFrames(from);
    expect(a!.timestamp).toBeGreaterThan(b!.timestamp);

    from = c.texts.length;
    sb.faults.stream.malformNext(3, 'json');
    for (let i = 0; i < 3; i++) sb.tick();
    await c.frame(() => c.texts.length >= from + 6, from);
    expect(c.frames.slice(from).filter((f) => 'unparsable' in f)).toHaveLength(3);

    from = c.frames.length;
    const ticks = sb.truth().ticks;
    sb.faults.stream.burst(50, 2);
    clock.advance(1000);
    expect(sb.truth().ticks - ticks).toBe(50);
    clock.advance(1000);
    expect(sb.truth().ticks - ticks).toBe(100);
    clock.advance(1000);
    expect(sb.truth().ticks - ticks).toBe(100);
    await c.frame(() => c.dataFrames(from).length >= 90, from);
  });

  it('--faults accepts the stream items and refuses bad ones by name', () => {
    expect(parseFaultSpec('stream-drop:5,stream-silence,stream-code:12:3,stream-duplicate:2,stream-reorder:1,stream-malformed:4:price,stream-burst:200:10')).toEqual([
      { kind: 'stream-drop', afterSec: 5 },
      { kind: 'stream-silence', afterSec: 0 },
      { kind: 'stream-code', code: 12, afterSec: 3 },
      { kind: 'stream-duplicate', count: 2 },
      { kind: 'stream-reorder', count: 1 },
      { kind: 'stream-malformed', count: 4, mode: 'price' },
      { kind: 'stream-burst', ticksPerSecond: 200, seconds: 10 },
    ]);
    expect(() => parseFaultSpec('stream-code:7')).toThrow('code must be one of 3, 12, 19, 30');
    expect(() => parseFaultSpec('stream-malformed:1:xml')).toThrow('mode must be json, price or key');
    expect(() => parseFaultSpec('stream-nope')).toThrow('unknown fault "stream-nope"');
    expect(() => parseFaultSpec('stream-drop@/ws')).toThrow('stream faults take no path prefix');
  });

  it('a --faults drop given at start acts that many seconds after the first LOGIN', async () => {
    clock = new FakeClock();
    sb = await startSandbox({ clock, autoApprove: true, faults: 'stream-drop:5' });
    token = (await login(sb)).access_token;
    const c = await open();
    clock.advance(10_000);
    expect(await c.code(c.login(token))).toBe(0);
    clock.advance(4_000);
    expect(c.closed).toBe(false);
    clock.advance(1_000);
    await c.untilClosed();
  });
});
