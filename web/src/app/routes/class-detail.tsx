import { Button, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { ClassDetail, classTabs, type ClassTab } from '@/features/classes/components/class-detail';
import { canManage, useMyOrgs } from '@/features/orgs/api/get-my-orgs';

/** /classes/:orgId/:classId (behind `RequireSignIn`): one class; `?tab=` picks the tab. */
export function ClassDetailRoute() {
  const { t } = useTranslation();
  const { orgId = '', classId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const orgs = useMyOrgs();
  const asked = params.get('tab') as ClassTab | null;
  const tab: ClassTab = asked && classTabs.includes(asked) ? asked : 'students';

  if (orgs.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (orgs.isError) {
    return (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const org = orgs.data.find((o) => o.id === orgId);
  return (
    <ClassDetail
      key={`${orgId}/${classId}`}
      orgId={orgId}
      classId={classId}
      // Not one of the user's orgs: the API answers 404 and the page says so.
      canManage={org ? canManage(org) : false}
      tab={tab}
      onTabChange={(next) =>
        setParams(
          (current) => {
            const query = new URLSearchParams(current);
            query.set('tab', next);
            return query;
          },
          { replace: true },
        )
      }
    />
  );
}
