import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import type { MediaInput } from '@/lib/media-input';
import { formatFen } from '@/utils/format-money';

import { useDues, type DueYear } from '../api/get-dues';
import type { Membership } from '../api/get-membership';
import { OfflinePaymentModal } from './offline-payment-modal';
import { OnlinePaymentModal } from './online-payment';
import { StatusTag } from './status-tag';

type Props = {
  orgId: string;
  membership: Membership;
  canManage: boolean;
  MediaInput: MediaInput;
};

/**
 * 会费缴纳: each year's dues at the member's level (the admins' fee schedule), where they
 * stand, and the ways to pay an unpaid year — online (WeChat Pay, Alipay), or offline with a
 * voucher.
 */
export function DuesList({ orgId, membership, canManage, MediaInput }: Props) {
  const { t, i18n } = useTranslation();
  const dues = useDues(orgId, membership.profile_complete);
  const [offline, setOffline] = useState<{ open: boolean; year?: number }>({ open: false });
  // Kept here, not in the row: ordering turns the year `in_progress` and its buttons go.
  const [online, setOnline] = useState<DueYear | null>(null);

  if (!membership.profile_complete) {
    return <Alert type="warning" showIcon title={t('membership.dues.profileFirst')} />;
  }
  if (dues.isPending) return <Card loading />;
  if (dues.isError) {
    return (
      <>
        <ProblemAlert error={dues.error} />
        <Button onClick={() => void dues.refetch()}>{t('membership.retry')}</Button>
      </>
    );
  }
  if (!dues.data.level) {
    return <Empty description={t('membership.dues.noLevel')} />;
  }
  const unpaid = dues.data.years.filter((due) => due.status === 'unpaid');

  const columns: ColumnsType<DueYear> = [
    {
      key: 'year',
      title: t('membership.dues.year'),
      render: (_, due) => t('membership.dues.yearName', { year: due.year }),
    },
    {
      key: 'amount',
      title: t('membership.dues.amount'),
      render: (_, due) => formatFen(due.amount_fen, i18n.language),
    },
    {
      key: 'status',
      title: t('membership.dues.status'),
      render: (_, due) => <StatusTag kind="due" status={due.status} />,
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      title: t('membership.dues.actions'),
      render: (_, due) =>
        due.status === 'unpaid' ? (
          <Space wrap size={4}>
            <Button
              size="small"
              type="primary"
              aria-label={t('membership.online.payYear', { year: due.year })}
              onClick={() => setOnline(due)}
            >
              {t('membership.online.button')}
            </Button>
            <Button
              size="small"
              onClick={() => setOffline({ open: true, year: due.year })}
              aria-label={t('membership.dues.payOfflineYear', { year: due.year })}
            >
              {t('membership.dues.payOffline')}
            </Button>
          </Space>
        ) : due.status === 'in_progress' ? (
          <Typography.Text type="secondary">{t('membership.dues.inProgressText')}</Typography.Text>
        ) : null,
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {t('membership.dues.level', { level: dues.data.level.name })}
      </Typography.Paragraph>
      <Table<DueYear>
        rowKey="year"
        size="middle"
        columns={columns}
        dataSource={dues.data.years}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('membership.dues.empty') }}
      />
      {!canManage && (
        <Typography.Text type="secondary">{t('membership.profile.managersOnly')}</Typography.Text>
      )}
      {online && <OnlinePaymentModal orgId={orgId} due={online} onClose={() => setOnline(null)} />}
      <OfflinePaymentModal
        orgId={orgId}
        years={unpaid}
        year={offline.year}
        open={offline.open}
        onClose={() => setOffline({ open: false })}
        MediaInput={MediaInput}
      />
    </Space>
  );
}
