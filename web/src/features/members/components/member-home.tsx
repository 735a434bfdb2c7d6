import { Alert, Card, Descriptions, Result, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { MediaInput } from '@/lib/media-input';
import { formatDate } from '@/utils/format-date';

import { isCouncil, type Membership } from '../api/get-membership';
import { CouncilRepresentatives } from './council-representatives';
import { DuesList } from './dues-list';
import { PaymentReturn } from './online-payment';
import { PaymentRecords } from './payment-records';
import { ProfileForm } from './profile-form';
import { ProfileWizard } from './profile-wizard';
import { StatusTag } from './status-tag';
import { WeChatBinding } from './wechat-binding';

export const memberTabs = ['profile', 'dues', 'payments'] as const;
export type MemberTab = (typeof memberTabs)[number];

type Props = {
  orgId: string;
  membership: Membership;
  /** The org's owner or admin: changes the profile and pays; staff read. */
  canManage: boolean;
  tab: MemberTab;
  onTabChange: (tab: MemberTab) => void;
  MediaInput: MediaInput;
  /** Back from a gateway's page (`?payment=`): the order to ask about. */
  returnedPayment?: string | null;
  onReturnSeen?: () => void;
};

/** 会员基本信息: the unit, its state, level, tags and WeChat binding. */
function MemberSummary({ membership }: { membership: Membership }) {
  const { t, i18n } = useTranslation();
  return (
    <Card>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap align="center">
          <Typography.Title level={2} style={{ margin: 0 }}>
            {membership.unit_name}
          </Typography.Title>
          <StatusTag kind="membership" status={membership.status} />
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          items={[
            {
              key: 'uscc',
              label: t('membership.fields.uscc'),
              children: <span className="uscc">{membership.uscc}</span>,
            },
            {
              key: 'type',
              label: t('membership.fields.userType'),
              children: membership.user_type.name,
            },
            {
              key: 'level',
              label: t('membership.fields.level'),
              children: membership.level?.name ?? t('membership.home.noLevel'),
            },
            {
              key: 'tags',
              label: t('membership.fields.tags'),
              children:
                membership.tags.length > 0
                  ? membership.tags.map((tag) => <Tag key={tag.id}>{tag.name}</Tag>)
                  : '—',
            },
            {
              key: 'registered',
              label: t('membership.home.registeredAt'),
              children: formatDate(membership.registered_at, i18n.language),
            },
          ]}
        />
      </Space>
    </Card>
  );
}

/**
 * The member's home at /membership: where the registration stands; once approved, the
 * profile completion wizard until nothing is missing, then 会员信息 · 会费缴纳 · 缴费记录.
 */
export function MemberHome({
  orgId,
  membership,
  canManage,
  tab,
  onTabChange,
  MediaInput,
  returnedPayment,
  onReturnSeen,
}: Props) {
  const { t } = useTranslation();

  let body;
  if (membership.status === 'pending') {
    body = (
      <Result
        status="info"
        title={t('membership.home.pending')}
        subTitle={t('membership.home.pendingText')}
      />
    );
  } else if (membership.status === 'rejected') {
    body = (
      <Result
        status="warning"
        title={t('membership.home.rejected')}
        subTitle={t('membership.home.rejectedText', { reason: membership.reject_reason ?? '' })}
      />
    );
  } else if (!membership.profile_complete) {
    body = <ProfileWizard orgId={orgId} membership={membership} canManage={canManage} />;
  } else {
    body = (
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => onTabChange(key as MemberTab)}
          items={[
            {
              key: 'profile',
              label: t('membership.home.tabs.profile'),
              children: (
                <Space orientation="vertical" size={24} style={{ width: '100%' }}>
                  <Alert type="info" showIcon title={t('membership.profile.adminOnlyNote')} />
                  <ProfileForm
                    orgId={orgId}
                    membership={membership}
                    sections={['contact', 'unit']}
                    canManage={canManage}
                    submitText={t('membership.profile.save')}
                  />
                  {isCouncil(membership) && (
                    <section aria-label={t('membership.council.title')}>
                      <Typography.Title level={4}>{t('membership.council.title')}</Typography.Title>
                      <CouncilRepresentatives
                        orgId={orgId}
                        membership={membership}
                        canManage={canManage}
                      />
                    </section>
                  )}
                  <section aria-label={t('membership.wechat.title')}>
                    <Typography.Title level={4}>{t('membership.wechat.title')}</Typography.Title>
                    <WeChatBinding orgId={orgId} membership={membership} canManage={canManage} />
                  </section>
                </Space>
              ),
            },
            {
              key: 'dues',
              label: t('membership.home.tabs.dues'),
              children: (
                <DuesList
                  orgId={orgId}
                  membership={membership}
                  canManage={canManage}
                  MediaInput={MediaInput}
                />
              ),
            },
            {
              key: 'payments',
              label: t('membership.home.tabs.payments'),
              children: (
                <PaymentRecords orgId={orgId} canManage={canManage} MediaInput={MediaInput} />
              ),
            },
          ]}
        />
      </Card>
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <MemberSummary membership={membership} />
      {returnedPayment && (
        <PaymentReturn
          orgId={orgId}
          paymentId={returnedPayment}
          onDismiss={() => onReturnSeen?.()}
        />
      )}
      {body}
    </Space>
  );
}
