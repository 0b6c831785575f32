// Remembered window bounds, repaired on the way in: a saved position on a monitor that is no longer
// attached (or a hand-edited file) must not open the window off-screen.
import { z } from 'zod';
import type { WindowBounds } from './appStateStore';

export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 760, height: 520 } as const;
/** How much of the window's top strip must be on a screen to be grabbable. */
const VISIBLE_STRIP = 48;

const SavedBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().optional(),
});

export function restoreBounds(saved: unknown, displays: readonly WorkArea[]): WindowBounds {
  const parsed = SavedBoundsSchema.safeParse(saved);
  if (!parsed.success) return { ...DEFAULT_SIZE };
  const b = parsed.data;
  const maxWidth = Math.max(MIN_SIZE.width, ...displays.map((d) => d.width));
  const maxHeight = Math.max(MIN_SIZE.height, ...displays.map((d) => d.height));
  const width = Math.min(Math.max(b.width, MIN_SIZE.width), maxWidth);
  const height = Math.min(Math.max(b.height, MIN_SIZE.height), maxHeight);
  const out: WindowBounds = { width, height, ...(b.maximized ? { maximized: true } : {}) };
  if (b.x !== undefined && b.y !== undefined) {
    const x = b.x;
    const y = b.y;
    const reachable = displays.some(
      (d) =>
        x + width - VISIBLE_STRIP >= d.x &&
        x + VISIBLE_STRIP <= d.x + d.width &&
        y >= d.y &&
        y + VISIBLE_STRIP <= d.y + d.height,
    );
    if (reachable) {
      out.x = x;
      out.y = y;
    }
  }
  return out;
}
