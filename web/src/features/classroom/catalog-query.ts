// The catalog's filters live in the address (`/classroom?category=…&mode=…&page=2`), so a
// filtered list can be shared and the back button undoes a filter. Values that are not valid
// (a hand-edited `mode=foo`, `page=-1`) are dropped rather than sent to the API.

import type { CourseQuery, TrainingMode } from './api/get-courses';

export const pageSizes = [12, 24, 48] as const;
export const defaultPageSize = pageSizes[0];
const trainingModes: readonly string[] = ['online', 'offline'] satisfies TrainingMode[];

export type CatalogFilter = {
  category?: string;
  mode?: TrainingMode;
  provider_id?: string;
  q?: string;
  page: number;
  page_size: number;
};

function positive(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= 1_000_000 ? value : undefined;
}

export function parseCatalogFilter(params: URLSearchParams): CatalogFilter {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const mode = params.get('mode');
  const size = positive(params.get('page_size'));
  return {
    category: text('category'),
    mode: mode !== null && trainingModes.includes(mode) ? (mode as TrainingMode) : undefined,
    provider_id: text('provider_id'),
    // The API accepts up to 30 characters, the longest title.
    q: text('q')?.slice(0, 30),
    page: positive(params.get('page')) ?? 1,
    page_size: pageSizes.find((s) => s === size) ?? defaultPageSize,
  };
}

/** The address's query for `filter`, leaving out defaults (a clean `/classroom`). */
export function catalogSearch(filter: CatalogFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.category) params.set('category', filter.category);
  if (filter.mode) params.set('mode', filter.mode);
  if (filter.provider_id) params.set('provider_id', filter.provider_id);
  if (filter.q) params.set('q', filter.q);
  if (filter.page > 1) params.set('page', String(filter.page));
  if (filter.page_size !== defaultPageSize) params.set('page_size', String(filter.page_size));
  return params;
}

/** The API request for `filter` (the same names, without empty values). */
export function courseQueryOf(filter: CatalogFilter): CourseQuery {
  const query: CourseQuery = { page: filter.page, page_size: filter.page_size };
  if (filter.category) query.category = filter.category;
  if (filter.mode) query.mode = filter.mode;
  if (filter.provider_id) query.provider_id = filter.provider_id;
  if (filter.q) query.q = filter.q;
  return query;
}

export function hasFilters(filter: CatalogFilter): boolean {
  return Boolean(filter.category || filter.mode || filter.provider_id || filter.q);
}
