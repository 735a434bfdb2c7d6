import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type CatalogCourse = components['schemas']['CourseCard'];

/** How many matches the picker offers at once. */
const pageSize = 20;

export function getCourseSearchQueryOptions(q: string) {
  const query = { q: q || undefined, page_size: pageSize };
  return queryOptions({
    // The catalog's own key shape (['courses', 'list', query]): the same answer, cached once.
    queryKey: ['courses', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/courses', { params: { query } })),
  });
}

/** GET /courses?q=… (anyone): public courses whose title contains `q`, to link to a class. */
export function useCourseSearch(q: string) {
  // While the next search runs, the previous matches stay instead of an empty list.
  return useQuery({ ...getCourseSearchQueryOptions(q), placeholderData: keepPreviousData });
}
