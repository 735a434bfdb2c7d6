import { Card, Result, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { SubsidyReview } from '@/features/classes/components/subsidy-review';
import { SubsidyRulesForm } from '@/features/classes/components/subsidy-rules-form';
import { useMe } from '@/hooks/use-me';

/**
 * /admin/reviews/subsidies (platform operators): the subsidy applications to review, and the
 * rules they are computed by (super admins change them).
 */
export function AdminSubsidyReviewsRoute() {
  const { t } = useTranslation();
  const me = useMe();

  if (me.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  const role = me.data?.admin_role;
  if (!role) {
    return (
      <Result status="403" title={t('subsidy.forbidden')} subTitle={t('subsidy.forbiddenText')} />
    );
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} className="page-title">
        {t('subsidy.title')}
      </Typography.Title>
      <SubsidyReview readOnly={role === 'auditor'} />
      <Card title={t('subsidy.rules.title')}>
        <SubsidyRulesForm canEdit={role === 'super'} />
      </Card>
    </Space>
  );
}
