import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { paths } from '@/types/api';

export type CategoryPageQuery = NonNullable<
  paths['/api/v1/categories']['get']['parameters']['query']
>;
export type CategoryPage =
  paths['/api/v1/categories']['get']['responses'][200]['content']['application/json'];
export type Category = CategoryPage['items'][number];

export function getCategoriesQueryOptions(query: CategoryPageQuery = { page_size: 100 }) {
  return queryOptions({
    queryKey: ['categories', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/categories', { params: { query } })),
  });
}

export function useCategories(query?: CategoryPageQuery) {
  return useQuery(getCategoriesQueryOptions(query));
}
