import { QueryClient } from '@tanstack/react-query';

import { ApiProblem } from './api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        // A 4xx will not fix itself on retry; network errors and 5xx may.
        retry: (failures, error) =>
          !(error instanceof ApiProblem && error.status < 500) && failures < 2,
      },
    },
  });
}
