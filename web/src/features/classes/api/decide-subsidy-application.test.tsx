import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { stubApi } from '@/testing/test-utils';

import { useDecideSubsidyApplication } from './decide-subsidy-application';
import { adminSubsidyQueryKey, reviewInboxQueryKey } from './keys';

describe('useDecideSubsidyApplication', () => {
  it('refreshes the subsidy queue and the review inbox counts', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/admin/subsidy-applications/a1/decision': { body: { id: 'a1' } } });
    const queryClient = new QueryClient();
    const counts = [...reviewInboxQueryKey, 'counts'];
    const queue = [...adminSubsidyQueryKey, 'applications'];
    queryClient.setQueryData(counts, { subsidies: 1 });
    queryClient.setQueryData(queue, { items: [] });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useDecideSubsidyApplication(), { wrapper });

    result.current.mutate({ applicationId: 'a1', body: { decision: 'approve' } });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    await waitFor(() => expect(queryClient.getQueryState(counts)?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(queue)?.isInvalidated).toBe(true);
  });
});
