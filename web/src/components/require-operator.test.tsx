import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Input } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import { problemReply, stubApi } from '@/testing/test-utils';

import { RequireOperator } from './require-operator';

function renderGuarded() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        element: <RequireOperator />,
        children: [{ path: '*', element: <Input aria-label="草稿" /> }],
      },
    ],
    { initialEntries: ['/admin'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return queryClient;
}

describe('RequireOperator', () => {
  it('keeps the page and what was typed when a background refresh of the user fails', async () => {
    startSession('token-1');
    const stub = stubApi({
      '/api/v1/me': [
        { body: { ...me, admin_role: 'super' } },
        problemReply(503, { code: 'unavailable', title: '服务暂不可用' }),
      ],
    });
    const queryClient = renderGuarded();
    const draft = await screen.findByLabelText('草稿');
    await userEvent.type(draft, '5234.50');

    await act(() => queryClient.refetchQueries({ queryKey: ['me'] }));
    expect(queryClient.getQueryState(['me'])?.status).toBe('error');
    // React Query tells its observers in a later task: let that render happen.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(stub.requests.filter((r) => r.url.endsWith('/api/v1/me'))).toHaveLength(2);
    expect(screen.getByLabelText('草稿')).toHaveValue('5234.50');
    expect(screen.queryByText('服务暂不可用')).not.toBeInTheDocument();
  });

  it('shows the error when the first load fails', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/me': problemReply(503, { code: 'unavailable', title: '服务暂不可用' }) });
    renderGuarded();
    await waitFor(() => expect(screen.getByText('服务暂不可用')).toBeInTheDocument());
    expect(screen.queryByLabelText('草稿')).not.toBeInTheDocument();
  });
});
