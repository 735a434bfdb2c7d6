// The scopes a credential can hold and the events a webhook can subscribe to: the server's
// lists (`integrators::auth::SCOPES`, `integrators::webhooks::EVENTS`), which the spec gives
// only as prose. Their explanations are i18n keys: `:` and `.` separate i18next keys, so a
// scope or event name becomes a key with `_` in their place.

export const scopes = [
  'org:read',
  'courses:read',
  'courses:write',
  'classes:read',
  'classes:write',
  'membership:read',
  'membership:write',
] as const;

export const webhookEvents = [
  'course.approved',
  'course.rejected',
  'payment.confirmed',
  'learning_records.updated',
  'member.approved',
] as const;

/** `classes:read` → `integrators.scopes.classes_read` (unknown scopes have no explanation). */
export function scopeKey(scope: string): string {
  return `integrators.scopes.${scope.replace(/[:.]/g, '_')}`;
}

/** `course.approved` → `integrators.events.course_approved` (`ping`, the test event, too). */
export function eventKey(event: string): string {
  return `integrators.events.${event.replace(/[:.]/g, '_')}`;
}

/** An event's label in the UI language (课程审核通过), or its code when it has none. */
export function eventLabel(
  t: (key: string, options: { defaultValue: string }) => string,
  event: string,
): string {
  return t(eventKey(event), { defaultValue: event });
}
