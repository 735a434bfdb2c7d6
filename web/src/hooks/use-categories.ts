// GET /api/v1/categories: the topic categories the admin keeps. Shared by the home page's grid
// (catalog), the catalog's filters (classroom), the course editor (providers) and the course
// review (reviews), so it lives here: one request and one key (`['categories', query]`), so they
// all share the cache.

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { paths } from '@/types/api';

export type CategoryPageQuery = NonNullable<
  paths['/api/v1/categories']['get']['parameters']['query']
>;

export function getCategoriesQueryOptions(query: CategoryPageQuery = { page_size: 100 }) {
  return queryOptions({
    queryKey: ['categories', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/categories', { params: { query } })),
  });
}

/** The categories in display order (the first 100: every one the platform has). */
export function useCategories(query?: CategoryPageQuery) {
  return useQuery(getCategoriesQueryOptions(query));
}
