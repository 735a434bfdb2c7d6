import { Button, Result, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ClassList } from '@/features/classes/components/class-list';
import { canManage, useMyOrgs } from '@/features/orgs/api/get-my-orgs';

/**
 * /classes (behind `RequireSignIn`): 培训班级 of one of the user's orgs (`?org=`, the first by
 * default, picked as on the enterprise page). No org yet: create one first.
 */
export function ClassesRoute() {
  const { t } = useTranslation();
  const orgs = useMyOrgs();
  const [params] = useSearchParams();
  const navigate = useNavigate();

  let body;
  if (orgs.isPending) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (orgs.isError) {
    body = (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else if (orgs.data.length === 0) {
    body = (
      <Result
        status="info"
        title={t('classes.noOrg')}
        subTitle={t('classes.noOrgText')}
        extra={
          <Link to={paths.enterprise.href()}>
            <Button type="primary">{t('classes.toEnterprise')}</Button>
          </Link>
        }
      />
    );
  } else {
    const org = orgs.data.find((o) => o.id === params.get('org')) ?? orgs.data[0]!;
    body = (
      <>
        <div className="org-bar">
          {orgs.data.length > 1 ? (
            <Select
              aria-label={t('enterprise.select')}
              className="org-select"
              value={org.id}
              options={orgs.data.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(id) => void navigate(paths.classes.href(id), { replace: true })}
            />
          ) : (
            <Typography.Title level={4} className="org-name">
              {org.name}
            </Typography.Title>
          )}
        </div>
        <ClassList key={org.id} orgId={org.id} canManage={canManage(org)} />
      </>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('classes.title')}
      </Typography.Title>
      {body}
    </>
  );
}
