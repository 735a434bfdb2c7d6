// The one API client. Wire types come only from the generated `types/api.d.ts`
// (`npm run gen:api`); per-endpoint query files (`features/*/api/*.ts`) call `api`.
// No UI side effects here: callers decide what to show. The session (access token in
// memory, refresh through the HttpOnly cookie) is kept by `lib/session.ts`; this file adds
// the token to requests and renews it (`refreshSession`, `restoreSession`).

import createClient, { type Middleware } from 'openapi-fetch';

import { env } from '@/config/env';
import { currentLanguage } from '@/lib/i18n';
import { endSession, getSession, mayHaveSession, startSession } from '@/lib/session';
import type { components, paths } from '@/types/api';

export type Problem = components['schemas']['Problem'];
export type ProblemField = components['schemas']['ProblemField'];

/** An RFC 9457 problem answered by the API, already localised by the server. */
export class ApiProblem extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Stable, snake_case: switch on this, never on the localised text. */
  readonly code: string;
  readonly request_id?: string;
  readonly errors: ProblemField[];
  /** From `Retry-After` (429, 423): how many seconds until the action is allowed again. */
  readonly retryAfterSecs?: number;

  constructor(problem: Problem, retryAfterSecs?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail ?? undefined;
    this.code = problem.code;
    this.request_id = problem.request_id ?? undefined;
    this.errors = problem.errors ?? [];
    this.retryAfterSecs = retryAfterSecs;
  }

  /** The message for one request field (`validation_failed`), if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.message;
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { title, status, code } = body as Record<string, unknown>;
  return typeof title === 'string' && typeof status === 'number' && typeof code === 'string';
}

/** The server answers in the UI's language (`Accept-Language: zh-CN | en`). */
const languageMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', currentLanguage());
    return request;
  },
};

/** `Retry-After` in seconds (the API sends seconds, never an HTTP date). */
function retryAfter(response: Response): number | undefined {
  const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
/** Error answers in `application/problem+json` are thrown as a typed `ApiProblem`. */
const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    const contentType = response.headers.get('Content-Type') ?? '';
    if (response.ok || !contentType.startsWith('application/problem+json')) return response;
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch {
      return response; // not a readable problem: `unwrap` reports the bare status instead
    }
    if (isProblem(body)) {
      throw new ApiProblem(
        { ...body, type: body.type ?? `/problems/${body.code}` },
        retryAfter(response),
      );
    }
    return response;
  },
};

// The endpoints that create, renew or end a session: they carry no bearer token (the
// refresh cookie or a code speaks for the user), and their 401 means "wrong credentials",
// never "renew the token and try again".
const sessionEndpoints: ReadonlySet<string> = new Set<keyof paths>([
  '/api/v1/auth/sms-codes',
  '/api/v1/auth/sign-in/sms',
  '/api/v1/auth/sign-in/password',
  '/api/v1/auth/refresh',
  '/api/v1/auth/sign-out',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/sso/exchange',
  '/api/v1/auth/sso/complete',
  // A member unit's sign-in (SPEC §6): its 401 is a wrong USCC or password.
  '/api/v1/member-auth/sign-in',
  '/api/v1/member-auth/wechat',
]);

/** Copies of requests in flight, by openapi-fetch's request id, to replay after a refresh. */
const replayable = new Map<string, Request>();
/** The refresh in flight, shared by everyone who needs a new token (see `refreshSession`). */
let refreshing: Promise<string | null> | null = null;

/**
 * Sends the access token as `Authorization: Bearer`. A 401 means it expired or the session
 * ended: renew it once through the refresh cookie and replay the request; when renewing
 * fails the session is over and the 401 goes on to the caller as an `ApiProblem`.
 */
const authMiddleware: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    if (sessionEndpoints.has(schemaPath)) return undefined;
    // During the start-up refresh, wait for its token rather than earn a certain 401.
    if (getSession().status === 'unknown' && refreshing) await refreshing;
    const token = getSession().accessToken;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    // The body of `request` is spent once it is sent; a replay needs its own copy.
    replayable.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, options }) {
    const copy = replayable.get(id);
    replayable.delete(id);
    if (response.status !== 401 || !copy) return response;
    const sent = copy.headers.get('Authorization')?.replace(/^Bearer /, '') ?? null;
    const current = getSession().accessToken;
    // Another request renewed the token while this one was out: only replay.
    const token = current && current !== sent ? current : await refreshSession();
    if (!token) return response;
    copy.headers.set('Authorization', `Bearer ${token}`);
    return options.fetch(copy);
  },
  onError({ id }) {
    replayable.delete(id);
  },
};

export const api = createClient<paths>({
  baseUrl: env.apiBaseUrl,
  // Looked up on each call (not captured at import) so tests can stub `fetch`.
  fetch: (request) => globalThis.fetch(request),
});
// onRequest handlers run in this order, onResponse handlers in the reverse one: auth sees a
// 401 first, so one it recovers from never becomes a thrown ApiProblem, and its replay still
// passes through the problem middleware.
api.use(problemMiddleware, languageMiddleware, authMiddleware);

/**
 * Runs `work` while holding a lock every tab of this site shares (Web Locks API, where the
 * browser has it). Tabs share the refresh cookie too: with the lock, a second tab refreshing
 * at the same moment sends the cookie the first one just received, not the rotated one the
 * server would take for theft.
 */
async function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  return await locks.request('ketang-session-refresh', work);
}

/**
 * Exchanges the refresh cookie for a new access token; resolves to it, or to null when there
 * is no session (then the session is ended). Single-flight: the cookie rotates on every use
 * and the server treats a rotated one presented again as theft (it ends the whole sign-in),
 * so concurrent callers share one request, and tabs take turns (`oneTabAtATime`).
 */
export function refreshSession(): Promise<string | null> {
  // No token in this tab and no sign-in remembered on this device: there is no cookie to
  // exchange, and asking would only earn a 401.
  if (!refreshing && !getSession().accessToken && !mayHaveSession()) {
    endSession();
    return Promise.resolve(null);
  }
  refreshing ??= (async () => {
    try {
      const session = unwrap(
        await oneTabAtATime(() =>
          api.POST('/api/v1/auth/refresh', {
            body: { token_delivery: 'cookie' },
            credentials: 'include',
          }),
        ),
      );
      startSession(session.access_token);
      return session.access_token;
    } catch (error) {
      // A refusal ends the session. A network failure or 5xx says nothing about the cookie:
      // keep a signed-in state (the next call tries again), but do not leave start-up hanging.
      const refused = error instanceof ApiProblem && error.status < 500;
      if (refused) endSession();
      else if (getSession().status === 'unknown') endSession({ cookieMayHold: true });
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * At start-up: a reload forgot the access token, but the refresh cookie may still hold. Asks
 * the server only when this browser signed in before (`mayHaveSession`).
 */
export async function restoreSession(): Promise<void> {
  if (getSession().status === 'unknown') await refreshSession();
}

/** The data of a successful call, or the error thrown (problems are thrown by middleware). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`Unexpected ${result.response.status} from ${result.response.url}`);
  }
  return result.data;
}

/** For endpoints that answer 204 No Content: throws unless the call succeeded. */
export function expectOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`Unexpected ${result.response.status} from ${result.response.url}`);
  }
}
