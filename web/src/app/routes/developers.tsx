import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { DeveloperDocs } from '@/features/integrators/components/developer-docs';

/** /developers (public): the developer guide for integrators (SPEC §9). */
export function DevelopersRoute() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('integrators.docs.title')}
      </Typography.Title>
      <DeveloperDocs />
    </>
  );
}
