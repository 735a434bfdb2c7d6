import { Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';

import { useOrgStudyTime, type MemberStudyTime } from '../api/get-org-study-time';

const pageSize = 20;

/** Whole minutes, as the course page counts them ("已学习 N 分钟"). */
const minutesOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * 点播学习时长 (owners and admins): each member's study time in the cloud classroom's video
 * courses, with how many courses it covers. The API sends the whole list; it pages here.
 */
export function OrgStudyTime({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const studyTime = useOrgStudyTime(orgId);
  const [page, setPage] = useState(1);
  const rows = studyTime.data ?? [];
  const totalMinutes = minutesOf(rows.reduce((sum, row) => sum + row.studied_ms, 0));

  const columns: ColumnsType<MemberStudyTime> = [
    {
      key: 'name',
      title: t('classroom.orgStudyTime.name'),
      render: (_, row) => row.display_name || '—',
    },
    {
      key: 'mobile',
      title: t('classroom.orgStudyTime.mobile'),
      render: (_, row) => row.mobile || '—',
    },
    {
      key: 'courses',
      title: t('classroom.orgStudyTime.courses'),
      align: 'right',
      sorter: (a, b) => a.courses - b.courses,
      render: (_, row) => row.courses,
    },
    {
      key: 'minutes',
      title: t('classroom.orgStudyTime.minutes'),
      align: 'right',
      sorter: (a, b) => a.studied_ms - b.studied_ms,
      render: (_, row) =>
        t('classroom.orgStudyTime.minutesValue', { minutes: minutesOf(row.studied_ms) }),
    },
  ];

  return (
    <Card title={t('classroom.orgStudyTime.title')}>
      <Typography.Paragraph type="secondary">
        {t('classroom.orgStudyTime.intro')}
      </Typography.Paragraph>
      {studyTime.isError ? (
        <Space orientation="vertical" size={12}>
          <ProblemAlert error={studyTime.error} />
          <Button onClick={() => void studyTime.refetch()}>{t('errors.retry')}</Button>
        </Space>
      ) : (
        <>
          {rows.length > 0 && (
            <Typography.Paragraph>
              {t('classroom.orgStudyTime.summary', { members: rows.length, minutes: totalMinutes })}
            </Typography.Paragraph>
          )}
          <Table<MemberStudyTime>
            aria-label={t('classroom.orgStudyTime.title')}
            rowKey="user_id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={studyTime.isPending}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('classroom.orgStudyTime.empty') }}
            pagination={{
              current: page,
              pageSize,
              showSizeChanger: false,
              hideOnSinglePage: true,
            }}
            // A new order starts again from its first page.
            onChange={(pagination, _filters, _sorter, { action }) =>
              setPage(action === 'sort' ? 1 : (pagination.current ?? 1))
            }
          />
        </>
      )}
    </Card>
  );
}
