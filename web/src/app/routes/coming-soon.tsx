import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

/** A section of the product whose feature has not landed yet: said honestly. */
export function ComingSoonRoute({ feature }: { feature: string }) {
  const { t } = useTranslation();
  const name = t(feature);
  return (
    <Result
      status="info"
      title={`${name} · ${t('comingSoon.title')}`}
      subTitle={t('comingSoon.text', { feature: name })}
      extra={
        <Link to={paths.home.href()}>
          <Button type="primary">{t('comingSoon.back')}</Button>
        </Link>
      }
    />
  );
}
