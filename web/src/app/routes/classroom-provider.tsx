import { useParams, useSearchParams } from 'react-router-dom';

import { ProviderPage } from '@/features/classroom/components/provider-page';

/** /classroom/providers/:providerId: a provider's public page; `?page=` keeps its course page. */
export function ClassroomProviderRoute() {
  const { providerId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  return (
    <ProviderPage
      key={providerId}
      providerId={providerId}
      page={page}
      onPageChange={(next) => setParams(next > 1 ? { page: String(next) } : {})}
    />
  );
}
