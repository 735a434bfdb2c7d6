import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { vi } from 'vitest';

import '@/lib/i18n';

/** Renders `ui` at `path` with a fresh, non-retrying query client. */
export function renderWithProviders(ui: ReactElement, { path = '/' } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  return render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

type Reply = { status?: number; body: unknown; contentType?: string };

/** Stubs `fetch` with replies by URL path; records the requests it saw. */
export function stubApi(routes: Record<string, Reply | Reply[]>) {
  const requests: Request[] = [];
  const calls: Record<string, number> = {};
  const fetchStub = vi.fn(async (input: Request) => {
    requests.push(input);
    const path = new URL(input.url).pathname;
    const route = routes[path];
    if (!route) throw new TypeError(`Failed to fetch ${path}`);
    const index = calls[path] ?? 0;
    calls[path] = index + 1;
    const reply = Array.isArray(route) ? route[Math.min(index, route.length - 1)]! : route;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': reply.contentType ?? 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { requests };
}
