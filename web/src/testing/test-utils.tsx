import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { vi } from 'vitest';

import '@/lib/i18n';

/** Renders `ui` at `path` with a fresh, non-retrying query client (and antd's `App`). */
export function renderWithProviders(ui: ReactElement, { path = '/' } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  const rendered = render(
    <AntApp>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AntApp>,
  );
  return { ...rendered, router, queryClient };
}

export type Reply = {
  status?: number;
  /** Omitted for a reply without a body (204). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
};
/** A fixed reply, one per call in turn (the last repeats), or one computed from the request. */
export type Route = Reply | Reply[] | ((request: Request) => Reply | Promise<Reply>);

/**
 * Stubs `fetch` with replies by URL path; records the requests it saw. A path without a
 * route fails like an unreachable server.
 */
export function stubApi(routes: Record<string, Route>) {
  const requests: Request[] = [];
  const calls: Record<string, number> = {};
  const fetchStub = vi.fn(async (input: Request) => {
    requests.push(input);
    const path = new URL(input.url).pathname;
    const route = routes[path];
    if (!route) throw new TypeError(`Failed to fetch ${path}`);
    const index = calls[path] ?? 0;
    calls[path] = index + 1;
    const reply =
      typeof route === 'function'
        ? await route(input.clone())
        : Array.isArray(route)
          ? route[Math.min(index, route.length - 1)]!
          : route;
    const hasBody = reply.body !== undefined;
    return new Response(hasBody ? JSON.stringify(reply.body) : null, {
      status: reply.status ?? 200,
      headers: {
        ...(hasBody ? { 'Content-Type': reply.contentType ?? 'application/json' } : {}),
        ...reply.headers,
      },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { requests };
}

/** The JSON body a request sent. */
export async function bodyOf(request: Request | undefined): Promise<unknown> {
  if (!request) throw new Error('no such request');
  return request.clone().json();
}

/** A problem+json reply, as the server sends them. */
export function problemReply(
  status: number,
  problem: { code: string; title: string; detail?: string; errors?: unknown[] },
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    body: { type: `/problems/${problem.code}`, status, ...problem },
    headers,
  };
}
