import { WechatOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { useFormProblem } from '@/hooks/use-form-problem';
import { ApiProblem } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format-date';
import { goToUrl } from '@/utils/go-to-url';
import { isPhoneBrowser } from '@/utils/user-agent';

import { useSignInMember, type MemberChallenge } from '../api/sign-in-member';
import { useStartMemberWeChat, weChatChannel } from '../api/start-member-wechat';

/** What the API's WeChat callback reports (`/membership/login?member_error=`). */
const weChatErrors = ['state_invalid', 'denied', 'provider_error', 'wechat_mismatch'] as const;

type Credentials = { account: string; password: string };

/** A refusal of the credentials in plain words, with the way forward the manual's FAQ gives. */
function CredentialsRefusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiProblem)) return <ProblemAlert error={error} />;
  switch (error.code) {
    case 'membership_pending':
      return (
        <Alert
          type="info"
          showIcon
          title={t('membership.login.pending')}
          description={t('membership.login.pendingText')}
        />
      );
    case 'membership_rejected':
      return (
        <Alert
          type="error"
          showIcon
          title={t('membership.login.rejected')}
          description={
            <>
              {t('membership.login.rejectedReason', { reason: error.detail ?? '' })}{' '}
              <Link to={paths.membershipStatus.href()}>{t('membership.lookup.title')}</Link>
            </>
          }
        />
      );
    case 'member_account_unproven':
      // The server's title is localised; its detail carries both languages, so the way
      // forward is worded here.
      return (
        <Alert
          type="warning"
          showIcon
          title={error.title}
          description={t('membership.login.unprovenText')}
        />
      );
    case 'member_invalid_credentials':
      return (
        <Alert
          type="error"
          showIcon
          title={t('membership.login.invalid')}
          description={
            <>
              {t('membership.login.invalidText')}{' '}
              <Link to={paths.membershipStatus.href()}>{t('membership.lookup.title')}</Link>
            </>
          }
        />
      );
    default:
      return <ProblemAlert error={error} />;
  }
}

/**
 * 会员登录 in two steps (SPEC §6): the account (USCC or contact mobile) and the membership
 * password earn a short-lived challenge; then a WeChat scan proves the second factor — the
 * first scan binds that WeChat, later ones must come from it. WeChat returns to the API, which
 * signs the member in (`/login/sso?code=…`) or sends them back here with `memberError`.
 */
export function MemberSignIn({ memberError }: { memberError?: string | null }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const signIn = useSignInMember();
  const startWeChat = useStartMemberWeChat();
  const [challenge, setChallenge] = useState<MemberChallenge | null>(null);
  const [expired, setExpired] = useState(false);
  const { formError, report, clear } = useFormProblem(form, ['account', 'password']);
  const channel = weChatChannel();
  // A phone outside WeChat gets the PC QR flow, whose code it cannot scan itself.
  const qrOnPhone = channel === 'wechat' && isPhoneBrowser();
  const signInLink = `${window.location.origin}${paths.membershipLogin.href()}`;
  const knownError = weChatErrors.find((code) => code === memberError);

  function submit({ account, password }: Credentials) {
    clear();
    setExpired(false);
    signIn.mutate(
      { account: account.trim().toUpperCase(), password },
      { onSuccess: setChallenge, onError: report },
    );
  }

  function scan(current: MemberChallenge) {
    startWeChat.mutate(
      { challenge: current.challenge, channel },
      {
        onSuccess: (url) => goToUrl(url),
        onError: (error) => {
          // Spent or expired: back to the password, said so.
          if (error instanceof ApiProblem && error.code === 'member_challenge_invalid') {
            setChallenge(null);
            setExpired(true);
          }
        },
      },
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Steps
        size="small"
        current={challenge ? 1 : 0}
        responsive={false}
        items={[
          { title: t('membership.login.stepPassword') },
          { title: t('membership.login.stepWeChat') },
        ]}
      />
      {memberError && !challenge && (
        <Alert
          type="error"
          showIcon
          title={t(`membership.login.weChatErrors.${knownError ?? 'unknown'}`)}
          description={t(`membership.login.weChatErrorsText.${knownError ?? 'unknown'}`)}
        />
      )}
      {expired && <Alert type="warning" showIcon title={t('membership.login.challengeExpired')} />}

      {challenge ? (
        <div className="member-wechat-step">
          <Alert
            type="info"
            showIcon
            icon={<WechatOutlined aria-hidden />}
            title={t(
              challenge.wechat_bound ? 'membership.login.boundTitle' : 'membership.login.bindTitle',
            )}
            description={t(
              challenge.wechat_bound ? 'membership.login.boundText' : 'membership.login.bindText',
            )}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('membership.login.validUntil', {
              time: formatDateTime(challenge.expires_at, i18n.language),
            })}
          </Typography.Paragraph>
          {qrOnPhone && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('membership.login.phoneTitle')}
              description={
                <>
                  <Typography.Paragraph>{t('membership.login.phoneText')}</Typography.Paragraph>
                  <Typography.Text
                    className="member-sign-in-link"
                    copyable={{ text: signInLink }}
                    aria-label={t('membership.login.phoneLink')}
                  >
                    {signInLink}
                  </Typography.Text>
                </>
              }
            />
          )}
          <ProblemAlert error={startWeChat.isError ? startWeChat.error : null} />
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button
              type="primary"
              size="large"
              block
              icon={<WechatOutlined aria-hidden />}
              loading={startWeChat.isPending}
              onClick={() => scan(challenge)}
            >
              {t(
                channel === 'wechat_h5' ? 'membership.login.weChatH5' : 'membership.login.weChatQr',
              )}
            </Button>
            <Button block onClick={() => setChallenge(null)}>
              {t('membership.login.back')}
            </Button>
          </Space>
        </div>
      ) : (
        <Form<Credentials> form={form} name="member-sign-in" layout="vertical" onFinish={submit}>
          <Form.Item
            name="account"
            label={t('membership.login.account')}
            extra={t('membership.login.accountHint')}
            rules={[
              { required: true, whitespace: true, message: t('membership.login.accountRequired') },
            ]}
          >
            <Input maxLength={30} autoComplete="username" spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('membership.fields.password')}
            rules={[{ required: true, message: t('membership.login.passwordRequired') }]}
          >
            <Input.Password maxLength={64} autoComplete="current-password" />
          </Form.Item>
          {formError !== null && (
            <div style={{ marginBottom: 16 }}>
              <CredentialsRefusal error={formError} />
            </div>
          )}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            {t('membership.login.next')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('membership.login.weChatNote')}
          </Typography.Paragraph>
        </Form>
      )}
    </Space>
  );
}
