// The settings the window edits and every host honours, with their schema and defaults.
import { z } from 'zod';
import { QuietTimeSchema } from './alerts';

export type OffHoursBehaviour = 'same' | 'slow' | 'pause';
export type TrayShow = 'total' | 'account';
export type TrayFormat = 'value-and-percent' | 'value' | 'percent' | 'day-change';
export type Theme = 'system' | 'light' | 'dark';
/** Which streamed price values a position: Schwab's mark (its own position pages) or the last trade. */
export type PriceBasis = 'mark' | 'last';

export const SettingsSchema = z.object({
  refreshIntervalSec: z.number().int().min(5).max(300),
  offHours: z.enum(['same', 'slow', 'pause']),
  offHoursIntervalSec: z.number().int().min(5).max(3600),
  privacyMode: z.boolean(),
  trayShow: z.enum(['total', 'account']),
  /** Account hash when trayShow is "account". */
  trayAccount: z.string().max(128).nullable(),
  trayFormat: z.enum(['value-and-percent', 'value', 'percent', 'day-change']),
  theme: z.enum(['system', 'light', 'dark']),
  priceBasis: z.enum(['mark', 'last']),
  /** While the quote stream is healthy the REST refresh only reconciles, this often. */
  reconcileIntervalSec: z.number().int().min(15).max(600),
  /** Quiet hours for alerts ("HH:MM", local clock; may wrap midnight): fired alerts are logged, not notified. */
  alertQuietStart: QuietTimeSchema.nullable(),
  alertQuietEnd: QuietTimeSchema.nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  refreshIntervalSec: 10,
  offHours: 'slow',
  offHoursIntervalSec: 60,
  privacyMode: false,
  trayShow: 'total',
  trayAccount: null,
  trayFormat: 'value-and-percent',
  theme: 'system',
  priceBasis: 'mark',
  reconcileIntervalSec: 60,
  alertQuietStart: null,
  alertQuietEnd: null,
};
