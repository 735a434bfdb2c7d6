// The one API client. Wire types come only from the generated `types/api.d.ts`.

import createClient, { type Middleware } from 'openapi-fetch';

import { env } from '@/config/env';
import { currentLanguage } from '@/lib/i18n';
import type { components, paths } from '@/types/api';

export type Problem = components['schemas']['Problem'];
export type ProblemField = components['schemas']['ProblemField'];

/** An RFC 9457 problem answered by the API, localised by the server. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly errors: ProblemField[];

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail ?? undefined;
    this.requestId = problem.request_id ?? undefined;
    this.errors = problem.errors ?? [];
  }
}

const languageMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', currentLanguage());
    return request;
  },
};

const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    const type = response.headers.get('Content-Type') ?? '';
    if (!response.ok && type.startsWith('application/problem+json')) {
      throw new ApiProblem((await response.clone().json()) as Problem);
    }
    return response;
  },
};

// Authentication (bearer token, refresh on 401) joins here with the Identity feature.

export const api = createClient<paths>({
  baseUrl: env.apiOrigin,
  fetch: (request) => globalThis.fetch(request),
});
api.use(languageMiddleware, problemMiddleware);

/** The data of a successful call, or the error thrown (problems are thrown by middleware). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`Unexpected ${result.response.status} from ${result.response.url}`);
  }
  return result.data;
}
