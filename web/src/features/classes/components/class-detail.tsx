import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';

import { useClass } from '../api/get-class';
import { ClassCertificate } from './class-certificate';
import { ClassOverview } from './class-overview';
import { ClassRecordsView } from './class-records';
import { ClassSessions } from './class-sessions';
import { ClassStudents } from './class-students';
import { ClassSubsidy } from './class-subsidy';

export const classTabs = [
  'students',
  'overview',
  'sessions',
  'records',
  'certificate',
  'subsidy',
] as const;
export type ClassTab = (typeof classTabs)[number];

type Props = {
  orgId: string;
  classId: string;
  canManage: boolean;
  tab: ClassTab;
  onTabChange: (tab: ClassTab) => void;
};

/** One class: its header and a tab per job (students, sync, sessions, records, certificate, subsidy). */
export function ClassDetail({ orgId, classId, canManage, tab, onTabChange }: Props) {
  const { t } = useTranslation();
  const found = useClass(orgId, classId);

  if (found.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (found.isError) {
    if (found.error instanceof ApiProblem && found.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('classes.detail.notFound')}
          extra={
            <Link to={paths.classes.href(orgId)}>
              <Button type="primary">{t('classes.detail.back')}</Button>
            </Link>
          }
        />
      );
    }
    return (
      <>
        <ProblemAlert error={found.error} />
        <Button onClick={() => void found.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const item = found.data;
  const props = { orgId, item, canManage };

  return (
    <>
      <Link to={paths.classes.href(orgId)}>
        <ArrowLeftOutlined aria-hidden /> {t('classes.detail.back')}
      </Link>
      <div className="class-heading">
        <Typography.Title level={2} className="page-title" style={{ marginBottom: 0 }}>
          {item.name}
        </Typography.Title>
        <Space wrap size={4}>
          <Tag>{item.code}</Tag>
          {item.synced_at ? (
            <Tag color="success">{t('classes.detail.synced')}</Tag>
          ) : (
            <Tag>{t('classes.detail.notSynced')}</Tag>
          )}
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => onTabChange(key as ClassTab)}
        destroyOnHidden
        items={[
          {
            key: 'students',
            label: t('classes.tabs.students'),
            children: <ClassStudents {...props} />,
          },
          {
            key: 'overview',
            label: t('classes.tabs.overview'),
            children: <ClassOverview {...props} />,
          },
          {
            key: 'sessions',
            label: t('classes.tabs.sessions'),
            children: <ClassSessions {...props} />,
          },
          {
            key: 'records',
            label: t('classes.tabs.records'),
            children: <ClassRecordsView {...props} />,
          },
          {
            key: 'certificate',
            label: t('classes.tabs.certificate'),
            children: <ClassCertificate {...props} />,
          },
          {
            key: 'subsidy',
            label: t('classes.tabs.subsidy'),
            children: <ClassSubsidy {...props} />,
          },
        ]}
      />
    </>
  );
}
