// How the membership feature reads a few API values: the state of a membership or payment as
// a coloured tag, and a payment's channel.

/** Tag colours of membership states (`pending`, `approved`, `rejected`). */
export const membershipStatusColors: Record<string, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
};

/** Tag colours of payment states, online (`pending`, `paid`, …) and offline (`submitted`, …). */
export const paymentStatusColors: Record<string, string> = {
  pending: 'processing',
  paid: 'success',
  closed: 'default',
  flagged: 'warning',
  submitted: 'processing',
  confirmed: 'success',
  rejected: 'error',
};

/** Tag colours of a year's dues (`unpaid`, `in_progress`, `paid`). */
export const dueStatusColors: Record<string, string> = {
  unpaid: 'warning',
  in_progress: 'processing',
  paid: 'success',
};

/** Offline payments can be changed or withdrawn until an admin confirms them (SPEC §6). */
export function isEditableOffline(payment: { channel: string; status: string }): boolean {
  return (
    payment.channel === 'offline' &&
    (payment.status === 'submitted' || payment.status === 'rejected')
  );
}

/** Today as `YYYY-MM-DD` in local time (the API's date format). */
export function today(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
