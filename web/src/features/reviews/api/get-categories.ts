import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

// The same request and key as the catalog's, so they share the cache.
const query = { page_size: 100 };

export function getCategoriesQueryOptions() {
  return queryOptions({
    queryKey: ['categories', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/categories', { params: { query } })),
  });
}

/** GET /categories: to show a revision's category by name. */
export function useCategories() {
  return useQuery(getCategoriesQueryOptions());
}
