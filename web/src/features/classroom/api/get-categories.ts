import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Category = components['schemas']['Category'];

// The same request and key as the home page's category grid, so the two share the cache.
const query = { page_size: 100 };

export function getCategoriesQueryOptions() {
  return queryOptions({
    queryKey: ['categories', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/categories', { params: { query } })),
  });
}

/** GET /categories: the topics the catalog filters by, in display order. */
export function useCategories() {
  return useQuery(getCategoriesQueryOptions());
}
