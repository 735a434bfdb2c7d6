import { ShopOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { paths } from '@/config/paths';
import { CatalogFilters } from '@/features/classroom/components/catalog-filters';
import { CourseCatalog } from '@/features/classroom/components/course-catalog';
import { ProviderLogos } from '@/features/classroom/components/provider-logos';
import {
  catalogSearch,
  parseCatalogFilter,
  type CatalogFilter,
} from '@/features/classroom/catalog-query';

/**
 * /classroom (人才培养 → 云课堂): the public catalog. Every filter, the search and the page are
 * in the address, so a list can be shared and the back button steps through the changes.
 */
export function ClassroomRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = parseCatalogFilter(params);
  const go = (next: CatalogFilter) => setParams(catalogSearch(next));
  const clear = () => go({ page: 1, page_size: filter.page_size });

  return (
    <div className="classroom-page">
      <div className="page-heading">
        <div>
          <Typography.Title level={1} className="page-title">
            {t('classroom.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('classroom.subtitle')}</Typography.Paragraph>
        </div>
        <Link to={paths.provider.href()}>
          <Button icon={<ShopOutlined aria-hidden />}>{t('classroom.becomeProvider')}</Button>
        </Link>
      </div>
      <CatalogFilters
        filter={filter}
        onChange={(change) => go({ ...filter, ...change, page: 1 })}
        onClear={clear}
      />
      <CourseCatalog
        filter={filter}
        label={t('classroom.courseList')}
        onPageChange={(page, pageSize) => {
          go({ ...filter, page: pageSize === filter.page_size ? page : 1, page_size: pageSize });
          document.documentElement.scrollTop = 0; // the new page from its top
        }}
        onClear={clear}
      />
      <ProviderLogos />
    </div>
  );
}
