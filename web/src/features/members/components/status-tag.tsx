import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { dueStatusColors, membershipStatusColors, paymentStatusColors } from '../format';

type Props = { kind: 'membership' | 'payment' | 'due'; status: string };

const colors = {
  membership: membershipStatusColors,
  payment: paymentStatusColors,
  due: dueStatusColors,
};

/** The state of a membership, a payment or a year's dues, in words and colour. */
export function StatusTag({ kind, status }: Props) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[kind][status] ?? 'default'}>
      {t(`membership.statuses.${kind}.${status}`, { defaultValue: status })}
    </Tag>
  );
}
