import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { useEnumLabel } from '@/hooks/use-enum-label';

const colors: Record<string, string> = {
  draft: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  superseded: 'default',
};

/** A review state (`draft`, `pending`, `approved`, `rejected`, `superseded`) as a tag. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const label = useEnumLabel('review_states');
  return (
    <Tag color={colors[status] ?? 'default'} className="status-tag">
      {status === 'superseded' ? t('console.course.superseded') : label(status)}
    </Tag>
  );
}
