// The sign-in session as this tab holds it. The access token lives in memory only (never in
// localStorage, where any injected script could read it): a reload forgets it, and
// `restoreSession` in `lib/api-client.ts` gets a new one through the HttpOnly refresh cookie,
// which the page itself can never read. Components read the status with `hooks/use-session.ts`;
// the API client reads the token with `getSession`.

/** `unknown` until the start-up refresh has answered; guards wait for it. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

export type SessionState = {
  readonly status: SessionStatus;
  readonly accessToken: string | null;
};

const initial: SessionState = { status: 'unknown', accessToken: null };
let state: SessionState = initial;
const listeners = new Set<() => void>();

function update(next: SessionState): void {
  if (next.status === state.status && next.accessToken === state.accessToken) return;
  state = next;
  for (const listener of listeners) listener();
}

/** The current state; a new object only when it changed (for `useSyncExternalStore`). */
export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Keeps the access token of a sign-in or refresh answer. */
export function startSession(accessToken: string): void {
  update({ status: 'signed-in', accessToken });
}

/** Forgets the token: signed out, or the refresh cookie no longer works. */
export function endSession(): void {
  update({ status: 'signed-out', accessToken: null });
}

/** Back to the state of a fresh page load (tests). */
export function resetSession(): void {
  update(initial);
}
