import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Me } from '@/hooks/use-me';
import { formatDate } from '@/utils/format-date';

/** Who is signed in: the full number is shown to its owner only, here. */
export function AccountCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('userCenter.account')}>
      <Descriptions
        column={1}
        items={[
          { key: 'phone', label: t('userCenter.phone'), children: me.mobile ?? '—' },
          { key: 'name', label: t('userCenter.displayName'), children: me.display_name },
          {
            key: 'created',
            label: t('userCenter.createdAt'),
            children: formatDate(me.created_at, i18n.language),
          },
          {
            key: 'password',
            label: t('userCenter.password'),
            children: me.has_password ? (
              <Tag color="success">{t('userCenter.passwordSet')}</Tag>
            ) : (
              <Tag>{t('userCenter.passwordNotSet')}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
