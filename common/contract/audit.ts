// The audit trail's event names: one typed list for the core that writes them and the window that shows them.
export const AUDIT_EVENT_NAMES = [
  'sign-in-started',
  'sign-in-completed',
  'sign-in-failed',
  'token-refresh',
  'reauth-required',
  'sign-out',
  'credentials-saved',
  'api-error',
  'alert-fired',
] as const;
export type AuditEventName = (typeof AUDIT_EVENT_NAMES)[number];
