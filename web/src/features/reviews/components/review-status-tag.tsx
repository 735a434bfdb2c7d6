import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
};

/** A review item's state: 待审核, 已通过, 已驳回. */
export function ReviewStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status] ?? 'default'}>
      {t(`admin.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}
