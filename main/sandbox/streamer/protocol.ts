// The Streamer's wire shapes as Schwab sends them: `response` acks, `notify` heartbeats and ADMIN events,
// `data` frames; and the codes of the Streamer guide's table.
export const CODE = {
  OK: 0,
  LOGIN_DENIED: 3,
  CLOSE_CONNECTION: 12,
  SYMBOL_LIMIT: 19,
  CONNECTION_NOT_FOUND: 20,
  BAD_COMMAND: 21,
  FAILED_SUBS: 22,
  FAILED_UNSUBS: 23,
  FAILED_ADD: 24,
  FAILED_VIEW: 25,
  STOP_STREAMING: 30,
} as const;

export const MESSAGES = {
  loginDenied: 'Login Denied.: token is invalid or has expired.',
  closeConnection: 'Close connection: another streamer connection was opened for this user.',
  connectionNotFound: 'Connection not found: LOGIN first.',
  badCommand: 'Bad command formatting',
  stopStreaming: 'Stop streaming due to empty subscription',
} as const;

export interface StreamRequest {
  service: string;
  command: string;
  requestid: string;
  customerId: string | undefined;
  correlId: string | undefined;
  parameters: Record<string, unknown>;
}

/** The requests of one envelope; undefined when the text is not a `{"requests":[…]}` envelope. */
export function parseEnvelope(text: string): StreamRequest[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = (body as { requests?: unknown } | null)?.requests;
  const items = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : undefined;
  if (!items) return undefined;
  const out: StreamRequest[] = [];
  for (const r of items) {
    if (!r || typeof r !== 'object') return undefined;
    const o = r as Record<string, unknown>;
    if (typeof o.service !== 'string' || typeof o.command !== 'string') return undefined;
    const id = o.requestid;
    out.push({
      service: o.service.toUpperCase(),
      command: o.command.toUpperCase(),
      requestid: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
      customerId: typeof o.SchwabClientCustomerId === 'string' ? o.SchwabClientCustomerId : undefined,
      correlId: typeof o.SchwabClientCorrelId === 'string' ? o.SchwabClientCorrelId : undefined,
      parameters: o.parameters && typeof o.parameters === 'object' ? (o.parameters as Record<string, unknown>) : {},
    });
  }
  return out;
}

export function responseFrame(req: Pick<StreamRequest, 'service' | 'command' | 'requestid'>, correlId: string, nowMs: number, code: number, msg: string): string {
  return JSON.stringify({
    response: [
      {
        service: req.service,
        command: req.command,
        requestid: req.requestid,
        SchwabClientCorrelId: correlId,
        timestamp: nowMs,
        content: { code, msg },
      },
    ],
  });
}

export function heartbeatFrame(nowMs: number): string {
  return JSON.stringify({ notify: [{ heartbeat: String(nowMs) }] });
}

export function adminNotifyFrame(nowMs: number, code: number, msg: string): string {
  return JSON.stringify({ notify: [{ service: 'ADMIN', timestamp: nowMs, content: { code, msg } }] });
}

export function dataFrame(service: string, command: string, nowMs: number, content: Array<Record<string, unknown>>): string {
  return JSON.stringify({ data: [{ service, timestamp: nowMs, command, content }] });
}

/** "AAPL, MSFT" → ["AAPL", "MSFT"], upper-cased like Schwab's keys; OCC symbols keep their inner spaces. */
export function parseKeys(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  return raw
    .split(',')
    .map((k) => k.replace(/^\s+|\s+$/g, '').toUpperCase())
    .filter(Boolean);
}

/** "0,1,2" → [0, 1, 2]; field 0 is always included; undefined when a field is not a number. */
export function parseFields(raw: unknown): number[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return undefined;
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.every((p) => /^\d{1,2}$/.test(p))) return undefined;
  return [...new Set([0, ...parts.map(Number)])].sort((a, b) => a - b);
}
