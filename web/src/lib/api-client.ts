// The one API client. Wire types come only from the generated `types/api.d.ts`
// (`npm run gen:api`); per-endpoint query files (`features/*/api/*.ts`) call `api`.
// No UI side effects here: callers decide what to show.

import createClient, { type Middleware } from 'openapi-fetch';

import { env } from '@/config/env';
import { currentLanguage } from '@/lib/i18n';
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

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail ?? undefined;
    this.code = problem.code;
    this.request_id = problem.request_id ?? undefined;
    this.errors = problem.errors ?? [];
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

// ---------------------------------------------------------------------------------------
// AUTH GOES HERE (Identity issue): a middleware that sets `Authorization: Bearer <access
// token>` in onRequest and, in onResponse, on a 401 refreshes once through the refresh
// cookie (single-flight) and replays the request, or signs out. `api.use(auth)` it AFTER
// the problem middleware: onResponse handlers run last-registered first, so a 401 it
// recovers from never becomes a thrown ApiProblem.
// ---------------------------------------------------------------------------------------

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
      throw new ApiProblem({ ...body, type: body.type ?? `/problems/${body.code}` });
    }
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: env.apiBaseUrl,
  // Looked up on each call (not captured at import) so tests can stub `fetch`.
  fetch: (request) => globalThis.fetch(request),
});
// onRequest handlers run in this order, onResponse handlers in the reverse one.
api.use(problemMiddleware, languageMiddleware);

/** The data of a successful call, or the error thrown (problems are thrown by middleware). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`Unexpected ${result.response.status} from ${result.response.url}`);
  }
  return result.data;
}
