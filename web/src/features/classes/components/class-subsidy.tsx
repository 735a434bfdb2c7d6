import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatDateTime } from '@/utils/format-date';
import { formatFen } from '@/utils/format-money';

import { useApplySubsidy } from '../api/apply-subsidy';
import type { TrainingClass } from '../api/get-classes';
import {
  subsidyApplicationQueryKey,
  useSubsidyApplication,
  type SubsidyApplication,
} from '../api/get-subsidy-application';
import { useSubsidyPreview } from '../api/get-subsidy-preview';
import { formatHours } from '../format';
import { SubsidyStatusTag } from './subsidy-status-tag';

type Props = { orgId: string; item: TrainingClass; canManage: boolean };

type Qualified = SubsidyApplication['qualified_students'][number];

function QualifiedTable({ students }: { students: Qualified[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<Qualified>
      rowKey="student_id"
      size="small"
      dataSource={students}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('classes.subsidy.noQualified') }}
      columns={[
        { key: 'name', title: t('classes.students.name'), dataIndex: 'name' },
        {
          key: 'hours',
          title: t('classes.records.effectiveHours'),
          render: (_, s) => formatHours(s.live_ms, i18n.language),
        },
      ]}
    />
  );
}

function ApplicationCard({ application }: { application: SubsidyApplication }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('classes.subsidy.applicationTitle')}>
      {application.status === 'rejected' && application.note && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('classes.subsidy.rejectedNote', { note: application.note })}
        />
      )}
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        size="small"
        items={[
          {
            key: 'status',
            label: t('classes.subsidy.state'),
            children: <SubsidyStatusTag status={application.status} />,
          },
          {
            key: 'amount',
            label: t('classes.subsidy.amount'),
            children: formatFen(application.amount_fen, i18n.language),
          },
          {
            key: 'qualified',
            label: t('classes.subsidy.qualifiedCount'),
            children: application.qualified_count,
          },
          {
            key: 'rule',
            label: t('classes.subsidy.rule'),
            children: t('classes.subsidy.ruleText', {
              hours: formatHours(application.threshold_ms, i18n.language),
              amount: formatFen(application.amount_per_student_fen, i18n.language),
            }),
          },
          {
            key: 'applied',
            label: t('classes.subsidy.appliedAt'),
            children: formatDateTime(application.applied_at, i18n.language),
          },
          {
            key: 'decided',
            label: t('classes.subsidy.decidedAt'),
            children: application.decided_at
              ? formatDateTime(application.decided_at, i18n.language)
              : '—',
          },
          ...(application.note
            ? [{ key: 'note', label: t('classes.subsidy.note'), children: application.note }]
            : []),
        ]}
      />
    </Card>
  );
}

/**
 * 临时性岗位补贴申请 (SPEC §5.5): what the class would get under the rules in force
 * (qualified = effective live hours ≥ threshold), applying, and the review's outcome.
 */
export function ClassSubsidy({ orgId, item, canManage }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const preview = useSubsidyPreview(orgId, item.id);
  const application = useSubsidyApplication(orgId, item.id);
  const apply = useApplySubsidy(orgId, item.id);

  if (preview.isPending || application.isPending)
    return <Skeleton active paragraph={{ rows: 6 }} />;
  const current = application.data;
  const canApply = canManage && (!current || current.status === 'rejected');
  // Nobody reached the threshold: an application would be for ¥0.00 and refused.
  const nobodyQualifies = preview.data?.qualified.length === 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ProblemAlert error={application.isError ? application.error : null} />
      {current && <ApplicationCard application={current} />}
      <Card title={t('classes.subsidy.previewTitle')}>
        <ProblemAlert error={preview.isError ? preview.error : null} />
        {preview.data && (
          <>
            <Descriptions
              column={{ xs: 1, sm: 3 }}
              size="small"
              items={[
                {
                  key: 'rule',
                  label: t('classes.subsidy.rule'),
                  children: t('classes.subsidy.ruleText', {
                    hours: formatHours(preview.data.rules.threshold_ms, i18n.language),
                    amount: formatFen(preview.data.rules.amount_per_student_fen, i18n.language),
                  }),
                },
                {
                  key: 'qualified',
                  label: t('classes.subsidy.qualifiedCount'),
                  children: preview.data.qualified.length,
                },
                {
                  key: 'amount',
                  label: t('classes.subsidy.amount'),
                  children: (
                    <Typography.Text strong>
                      {formatFen(preview.data.amount_fen, i18n.language)}
                    </Typography.Text>
                  ),
                },
              ]}
            />
            <QualifiedTable students={preview.data.qualified} />
          </>
        )}
        <ProblemAlert error={apply.error} />
        {canApply && nobodyQualifies && preview.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            title={t('classes.subsidy.nobodyQualifies', {
              hours: formatHours(preview.data.rules.threshold_ms, i18n.language),
            })}
          />
        )}
        {canApply && (
          <Popconfirm
            disabled={nobodyQualifies || !preview.data}
            title={t('classes.subsidy.applyTitle')}
            description={t('classes.subsidy.applyText', {
              amount: formatFen(preview.data?.amount_fen ?? 0, i18n.language),
            })}
            okText={t('classes.subsidy.apply')}
            cancelText={t('classes.cancel')}
            onConfirm={() =>
              apply
                .mutateAsync(undefined, {
                  onSuccess: (created) => {
                    queryClient.setQueryData(subsidyApplicationQueryKey(orgId, item.id), created);
                    void message.success(t('classes.subsidy.applied'));
                  },
                })
                .catch(() => undefined)
            }
          >
            <Button
              type="primary"
              loading={apply.isPending}
              disabled={nobodyQualifies || !preview.data}
              style={{ marginTop: 16 }}
            >
              {current?.status === 'rejected'
                ? t('classes.subsidy.applyAgain')
                : t('classes.subsidy.apply')}
            </Button>
          </Popconfirm>
        )}
      </Card>
    </Space>
  );
}
