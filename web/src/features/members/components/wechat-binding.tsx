import { WechatOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Membership } from '../api/get-membership';
import { useUnbindWeChat } from '../api/unbind-wechat';
import { MemberProblemAlert } from './member-problem-alert';

/** 微信解绑: the WeChat that proves member sign-ins; after unbinding, the next scan binds anew. */
export function WeChatBinding({
  orgId,
  membership,
  canManage,
}: {
  orgId: string;
  membership: Membership;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const unbind = useUnbindWeChat(orgId);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap>
        <WechatOutlined aria-hidden />
        {membership.wechat_bound ? (
          <Tag color="success">{t('membership.wechat.bound')}</Tag>
        ) : (
          <Tag>{t('membership.wechat.unbound')}</Tag>
        )}
        {canManage && membership.wechat_bound && (
          <Popconfirm
            title={t('membership.wechat.unbindTitle')}
            description={t('membership.wechat.unbindText')}
            okText={t('membership.wechat.unbind')}
            okButtonProps={{ danger: true }}
            cancelText={t('membership.cancel')}
            onConfirm={() =>
              unbind
                .mutateAsync()
                .then(() => void message.success(t('membership.wechat.unbound')))
                .catch(() => undefined)
            }
          >
            <Button size="small" danger loading={unbind.isPending}>
              {t('membership.wechat.unbind')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <Typography.Text type="secondary">
        {t(
          membership.wechat_bound ? 'membership.wechat.boundText' : 'membership.wechat.unboundText',
        )}
      </Typography.Text>
      <MemberProblemAlert error={unbind.isError ? unbind.error : null} />
    </Space>
  );
}
