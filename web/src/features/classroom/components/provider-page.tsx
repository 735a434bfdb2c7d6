import { Breadcrumb, Button, Card, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';

import { useProvider } from '../api/get-provider';
import { defaultPageSize } from '../catalog-query';

import { CourseCatalog } from './course-catalog';
import { ProviderProfile } from './provider-summary';

type Props = { providerId: string; page: number; onPageChange: (page: number) => void };

/** A provider's public page: its profile and its listed courses. */
export function ProviderPage({ providerId, page, onPageChange }: Props) {
  const { t } = useTranslation();
  const provider = useProvider(providerId);

  if (provider.isPending) {
    return (
      <div role="status" aria-label={t('classroom.loading')}>
        <Skeleton active avatar paragraph={{ rows: 4 }} />
      </div>
    );
  }
  if (provider.isError) {
    if (provider.error instanceof ApiProblem && provider.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('classroom.providerPage.notFound')}
          subTitle={t('classroom.providerPage.notFoundText')}
          extra={
            <Link to={paths.classroom.href()}>
              <Button type="primary">{t('classroom.course.back')}</Button>
            </Link>
          }
        />
      );
    }
    return (
      <>
        <ProblemAlert error={provider.error} />
        <Button onClick={() => void provider.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }

  return (
    <div className="provider-page">
      <Breadcrumb
        className="course-breadcrumb"
        items={[
          { title: <Link to={paths.classroom.href()}>{t('classroom.title')}</Link> },
          { title: provider.data.name },
        ]}
      />
      <Card className="course-section">
        <ProviderProfile provider={provider.data} heading={1} />
      </Card>
      <Typography.Title level={2}>{t('classroom.providerPage.courses')}</Typography.Title>
      <CourseCatalog
        filter={{ provider_id: providerId, page, page_size: defaultPageSize }}
        label={t('classroom.providerPage.coursesOf', { name: provider.data.name })}
        onPageChange={onPageChange}
        emptyText={t('classroom.providerPage.empty')}
        sizeChanger={false}
      />
    </div>
  );
}
