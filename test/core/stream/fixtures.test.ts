// Schwab's own Streamer examples (test/fixtures/schwab/streamer-*.json) through the client's frame parser and
// change-only cache, and the guide's request examples through the sandbox's request parser.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskedAccount, parseAccountActivity } from '../../../main/core/stream/accountActivity';
import { isHeartbeat, parseFrame } from '../../../main/core/stream/frames';
import { QuoteCache } from '../../../main/core/stream/quoteCache';
import { parseEnvelope } from '../../../main/sandbox/streamer/protocol';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '../../fixtures/schwab', name), 'utf8');

describe('Schwab Streamer samples', () => {
  it('LOGIN acks: code 0 with the server/status message, code 3 with the denial', () => {
    const ok = parseFrame(fixture('streamer-login-response-success.json'))!;
    expect(ok.response![0]).toMatchObject({ service: 'ADMIN', command: 'LOGIN', requestid: '1', content: { code: 0 } });
    const denied = parseFrame(fixture('streamer-login-response-denied.json'))!;
    expect(denied.response![0]!.content).toEqual({ code: 3, msg: 'Login Denied.: token is invalid or has expired.' });
    for (const name of ['streamer-subs-response.json', 'streamer-levelone-equities-subs-response-guide.json']) {
      expect(parseFrame(fixture(name))!.response![0]).toMatchObject({ service: 'LEVELONE_EQUITIES', command: 'SUBS', content: { code: 0 } });
    }
  });

  it('a heartbeat notify', () => {
    const n = parseFrame(fixture('streamer-notify-heartbeat.json'))!.notify![0]!;
    expect(isHeartbeat(n) && n.heartbeat).toBe('1668715930582');
  });

  it('a LEVELONE_EQUITIES data frame merges into cents per key', () => {
    const frame = parseFrame(fixture('streamer-levelone-equities-data.json'))!;
    const d = frame.data![0]!;
    const cache = new QuoteCache();
    const updates = d.content.map((c) => cache.merge('equity', String(c.key), c, d.timestamp));
    expect(updates.map((u) => u.ignored)).toEqual([[], [], []]);
    expect(updates.map((u) => u.update)).toMatchObject([
      { symbol: 'SCHW', kind: 'equity', bid: 7608, ask: 7649, last: 7644, volume: 5414735, high: 7647 },
      { symbol: 'AAPL', bid: 18375, ask: 18380, last: 18380, volume: 163224109, high: 18700 },
      { symbol: 'SPY', bid: 51230, ask: 51232, last: 51129, high: 51255 },
    ]);
    // The same frame again changes nothing; a change-only follow-up changes only its field.
    expect(cache.merge('equity', 'AAPL', d.content[1]!, d.timestamp).update).toBeUndefined();
    const next = cache.merge('equity', 'AAPL', { key: 'AAPL', '3': 183.81 }, d.timestamp + 1).update!;
    expect(next).toMatchObject({ last: 18381, bid: 18375, changed: ['last'] });
  });

  it('the all-fields example: table fields read, values of the wrong type refused (never shown as numbers)', () => {
    const d = parseFrame(fixture('streamer-levelone-equities-data-all-fields.json'))!.data![0]!;
    const { update, ignored } = new QuoteCache().merge('equity', 'AAPL', d.content[0]!, d.timestamp);
    expect(update).toMatchObject({ bid: 14981, ask: 14982, last: 14981, volume: 56049058, high: 15148, low: 14615 });
    expect(update!.close).toBeUndefined();
    expect(update!.mark).toBeUndefined();
    expect(update!.securityStatus).toBeUndefined();
    // 12 " ", 29 true, 32 7.401, 33 "Normal", 42 "XADF".
    expect(ignored).toEqual(['bad-price', 'bad-price', 'bad-field', 'bad-price', 'bad-field']);
  });

  it('the guide\'s request examples are what the sandbox Streamer reads', () => {
    expect(parseEnvelope(fixture('streamer-login-request.json'))).toEqual([
      {
        service: 'ADMIN',
        command: 'LOGIN',
        requestid: '1',
        customerId: 'Someone',
        correlId: '5be0b7e7-5b8b-4fd3-9bed-7f49106cfe96',
        parameters: { Authorization: 'Access Token', SchwabClientChannel: 'N9', SchwabClientFunctionId: 'APIAPP' },
      },
    ]);
    const [subs] = parseEnvelope(fixture('streamer-levelone-equities-subs-request.json'))!;
    expect(subs).toMatchObject({ service: 'LEVELONE_EQUITIES', command: 'SUBS', parameters: { keys: 'AAPL' } });
  });

  it('ACCT_ACTIVITY: the data sample parses to its message type and account; "3" is read as JSON text, "" or plain text', () => {
    const d = parseFrame(fixture('streamer-acct-activity-data.json'))!.data![0]!;
    expect(d.service).toBe('ACCT_ACTIVITY');
    const event = parseAccountActivity(d.content[0]!, d.timestamp)!;
    expect(event).toEqual({ messageType: 'OrderEntryRequest', accountNumber: '1001', seq: 1, data: undefined, text: undefined, timestampMs: 1591754497594 });
    const payload = { SchwabOrderID: '1003188442747', BaseEvent: { EventType: 'OrderFillCompleted' } };
    const json = parseAccountActivity({ ...d.content[0]!, '2': 'OrderFillCompleted', '3': JSON.stringify(payload) }, d.timestamp)!;
    expect(json.data).toEqual(payload);
    const plain = parseAccountActivity({ ...d.content[0]!, '3': 'Order accepted' }, d.timestamp)!;
    expect(plain).toMatchObject({ data: undefined, text: 'Order accepted' });
    expect(parseAccountActivity({ ...d.content[0]!, '2': '' }, d.timestamp)).toBeUndefined();
    expect(maskedAccount('12345678')).toBe('…5678');
  });

  it('the guide\'s ACCT_ACTIVITY SUBS request: a client string as key, fields 0-3', () => {
    const [req] = parseEnvelope(fixture('streamer-acct-activity-subs-request.json'))!;
    expect(req).toMatchObject({ service: 'ACCT_ACTIVITY', command: 'SUBS', parameters: { keys: 'Account Activity', fields: '0,1,2,3' } });
  });
});
