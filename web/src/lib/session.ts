// The sign-in session as this tab holds it. The access token lives in memory only (never in
// localStorage, where any injected script could read it): a reload forgets it, and
// `restoreSession` in `lib/api-client.ts` gets a new one through the HttpOnly refresh cookie,
// which the page itself can never read. Components read the status with `hooks/use-session.ts`;
// the API client reads the token with `getSession`.
//
// Since the page cannot see that cookie, it keeps a hint beside it in localStorage: set at
// every sign-in and refresh, cleared at sign-out and when a refresh is refused. Without the
// hint no cookie can exist (or it belongs to a session this device already ended), so a
// visitor's page load does not ask the server and earn a 401 (`mayHaveSession`). The hint
// holds no secret: it only says "this browser signed in here".

/** `unknown` until the start-up refresh has answered; guards wait for it. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

export type SessionState = {
  readonly status: SessionStatus;
  readonly accessToken: string | null;
};

const hintKey = 'ketang.signed-in';

/** Whether a refresh cookie may exist: this browser signed in and did not sign out since. */
export function mayHaveSession(): boolean {
  try {
    return window.localStorage.getItem(hintKey) === '1';
  } catch {
    return true; // storage refused (private browsing): ask the server, as before the hint
  }
}

function keepHint(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(hintKey, '1');
    else window.localStorage.removeItem(hintKey);
  } catch {
    // Storage refused: the next page load asks the server, which is only a wasted request.
  }
}

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
  keepHint(true);
  update({ status: 'signed-in', accessToken });
}

/**
 * Forgets the token: signed out, or the refresh cookie no longer works. `cookieMayHold`: the
 * server could not be asked (offline, 5xx), so keep the hint for the next page load.
 */
export function endSession({ cookieMayHold = false }: { cookieMayHold?: boolean } = {}): void {
  if (!cookieMayHold) keepHint(false);
  update({ status: 'signed-out', accessToken: null });
}

/** Back to the state of a fresh page load (tests). */
export function resetSession(): void {
  update(initial);
}
