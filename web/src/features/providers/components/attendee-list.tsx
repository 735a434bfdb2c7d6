import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';

import { useExportAttendees } from '../api/export-attendees';
import { useAttendees, type Attendee, type AttendeeList as ListKind } from '../api/get-attendees';

type Props = { orgId: string; courseId: string; courseTitle: string; list: ListKind };

/** 报名名单 / 签到名单 of a live course, with its xlsx export. */
export function AttendeeList({ orgId, courseId, courseTitle, list }: Props) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const attendees = useAttendees(orgId, courseId, list, page);
  const exporter = useExportAttendees(orgId, courseId);
  const title = t(
    list === 'enrollments' ? 'console.attendees.enrollments' : 'console.attendees.signIns',
  );
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: ColumnsType<Attendee> = [
    { key: 'name', title: t('console.attendees.name'), dataIndex: 'name' },
    { key: 'mobile', title: t('console.attendees.mobile'), dataIndex: 'mobile' },
    // As the learner gave it when enrolling or signing in (optional).
    {
      key: 'company',
      title: t('console.attendees.company'),
      render: (_, a) => a.company || '—',
    },
    {
      key: 'enrolled',
      title: t('console.attendees.enrolledAt'),
      render: (_, a) => when(a.enrolled_at),
    },
    {
      key: 'signed-in',
      title: t('console.attendees.signedInAt'),
      render: (_, a) =>
        a.signed_in_at ? when(a.signed_in_at) : t('console.attendees.notSignedIn'),
    },
    {
      key: 'method',
      title: t('console.attendees.method'),
      render: (_, a) =>
        a.sign_in_method
          ? t(`console.attendees.methods.${a.sign_in_method}`, { defaultValue: a.sign_in_method })
          : '—',
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text>
          {title} · {t('console.attendees.total', { total: attendees.data?.total ?? 0 })}
        </Typography.Text>
        <Button
          icon={<DownloadOutlined aria-hidden />}
          loading={exporter.isPending}
          onClick={() => exporter.mutate({ list, filename: `${courseTitle}-${title}.xlsx` })}
        >
          {t('console.attendees.export')}
        </Button>
      </Space>
      <ProblemAlert error={exporter.error ?? (attendees.isError ? attendees.error : null)} />
      <Table<Attendee>
        aria-label={title}
        rowKey={(a) => `${a.mobile}-${a.enrolled_at ?? ''}-${a.signed_in_at ?? ''}`}
        size="middle"
        columns={columns}
        dataSource={attendees.data?.items}
        loading={attendees.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('console.attendees.empty') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: attendees.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
      />
    </Space>
  );
}
