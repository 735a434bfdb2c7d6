import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
};

/** 临时性岗位补贴申请 state: pending, approved or rejected; nothing before an application. */
export function SubsidyStatusTag({ status }: { status: string | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <span>{t('classes.subsidy.none')}</span>;
  return <Tag color={colors[status]}>{t(`classes.subsidy.status.${status}`, status)}</Tag>;
}
