// The Streamer's inbound frames, declared with zod: `response` (acks with a code), `notify` (heartbeats and
// ADMIN events), `data` (content entries keyed by symbol; their numbered fields are checked one by one later).
// Hundreds of frames a second go through the validator compiled from that declaration.
import { z } from 'zod';
import { compileSchema } from '../schwab/compiledSchema';

const CodeContent = z.looseObject({ code: z.number(), msg: z.string().optional() });

export const ResponseItemSchema = z.looseObject({
  service: z.string(),
  command: z.string(),
  requestid: z.union([z.string(), z.number()]).optional(),
  content: CodeContent,
});

const HeartbeatSchema = z.looseObject({ heartbeat: z.union([z.string(), z.number()]) });
const AdminEventSchema = z.looseObject({ service: z.string(), content: CodeContent });
export const NotifyItemSchema = z.union([HeartbeatSchema, AdminEventSchema]);

export const DataItemSchema = z.looseObject({
  service: z.string(),
  timestamp: z.number(),
  command: z.string().optional(),
  // Any object: its numbered fields are read one by one later.
  content: z.array(z.looseObject({})),
});

export const StreamFrameSchema = z.looseObject({
  response: z.array(ResponseItemSchema).optional(),
  notify: z.array(NotifyItemSchema).optional(),
  data: z.array(DataItemSchema).optional(),
});
export type StreamFrame = z.infer<typeof StreamFrameSchema>;
const STREAM_FRAME = compileSchema(StreamFrameSchema, 'StreamFrameSchema');
export type ResponseItem = z.infer<typeof ResponseItemSchema>;
export type DataItem = z.infer<typeof DataItemSchema>;

/** One frame's text as a checked frame, or undefined when it is not JSON or not a Streamer frame. */
export function parseFrame(text: string): StreamFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return STREAM_FRAME.matches(json) ? json : undefined;
}

export function isHeartbeat(item: z.infer<typeof NotifyItemSchema>): item is z.infer<typeof HeartbeatSchema> {
  return 'heartbeat' in item;
}
