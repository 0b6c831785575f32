// ACCT_ACTIVITY on the Streamer: one content entry per order event. "1" is the account number, "2" the
// message type, "3" the event as a JSON string (parsed a second time here), "" or plain text. These are
// triggers to re-read orders and balances, never a source of figures; `seq` restarts at 0 on every
// subscribe, so it is kept for logs only and never used to drop an event.
export const ACCT_ACTIVITY = 'ACCT_ACTIVITY';
export const ACCT_ACTIVITY_FIELDS = '0,1,2,3';

export interface AccountActivityEvent {
  /** SUBSCRIBED, OrderCreated, OrderAccepted, ExecutionCreated, OrderFillCompleted, … */
  messageType: string;
  accountNumber: string;
  seq: number | undefined;
  /** Field "3" parsed as JSON when it was JSON text; undefined when it was empty. */
  data: unknown;
  /** Field "3" as received when it was not JSON (plain text). */
  text: string | undefined;
  timestampMs: number;
}

/** The acknowledgement every subscribe sends first: no order changed. */
export const SUBSCRIBED = 'SUBSCRIBED';

function secondParse(raw: unknown): { data: unknown; text: string | undefined } {
  if (typeof raw !== 'string') return { data: raw ?? undefined, text: undefined };
  const trimmed = raw.trim();
  if (trimmed === '') return { data: undefined, text: undefined };
  try {
    return { data: JSON.parse(trimmed) as unknown, text: undefined };
  } catch {
    return { data: undefined, text: raw };
  }
}

/** One content entry as an event, or undefined when it has no message type. */
export function parseAccountActivity(content: Record<string, unknown>, timestampMs: number): AccountActivityEvent | undefined {
  const messageType = content['2'];
  if (typeof messageType !== 'string' || messageType.trim() === '') return undefined;
  const account = content['1'];
  const seq = content.seq;
  return {
    messageType: messageType.trim(),
    accountNumber: typeof account === 'string' || typeof account === 'number' ? String(account) : '',
    seq: typeof seq === 'number' ? seq : undefined,
    ...secondParse(content['3']),
    timestampMs,
  };
}

/** "…4410": enough to tell accounts apart in a log line. */
export function maskedAccount(accountNumber: string): string {
  return accountNumber.length > 4 ? `…${accountNumber.slice(-4)}` : accountNumber ? '…' : '';
}
