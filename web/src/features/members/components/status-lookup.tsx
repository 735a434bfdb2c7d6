import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';

import { useLookupStatus } from '../api/lookup-status';
import { StatusTag } from './status-tag';

/**
 * 查询审核进度 without signing in: a USCC or the contact mobile answers the registration's
 * state (and the reason when rejected), nothing else. The server limits look-ups per address.
 */
export function StatusLookup() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ account: string }>();
  const lookup = useLookupStatus();
  const problem = lookup.error instanceof ApiProblem ? lookup.error : null;

  let answer = null;
  if (lookup.isSuccess) {
    const { status, reject_reason: reason } = lookup.data;
    answer = (
      <Alert
        type={status === 'approved' ? 'success' : status === 'rejected' ? 'error' : 'info'}
        showIcon
        role="status"
        title={
          <Space wrap size={4}>
            {t('membership.lookup.state')}
            <StatusTag kind="membership" status={status} />
          </Space>
        }
        description={
          status === 'approved' ? (
            <>
              {t('membership.lookup.approvedText')}{' '}
              <Link to={paths.membershipLogin.href()}>{t('membership.register.toLogin')}</Link>
            </>
          ) : status === 'rejected' ? (
            t('membership.lookup.rejectedText', { reason: reason ?? '' })
          ) : (
            t('membership.lookup.pendingText')
          )
        }
      />
    );
  } else if (problem?.status === 404) {
    answer = (
      <Alert
        type="warning"
        showIcon
        title={t('membership.lookup.notFound')}
        description={
          <>
            {t('membership.lookup.notFoundText')}{' '}
            <Link to={paths.membershipRegister.href()}>{t('membership.register.title')}</Link>
          </>
        }
      />
    );
  } else if (problem?.status === 429) {
    answer = (
      <Alert
        type="warning"
        showIcon
        title={t('membership.lookup.tooMany', {
          minutes: Math.max(1, Math.ceil((problem.retryAfterSecs ?? 60) / 60)),
        })}
      />
    );
  } else if (lookup.isError) {
    answer = <ProblemAlert error={lookup.error} />;
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Form<{ account: string }>
        form={form}
        name="membership-status"
        layout="vertical"
        onFinish={({ account }) => lookup.mutate(account.trim().toUpperCase())}
      >
        <Form.Item
          name="account"
          label={t('membership.lookup.account')}
          extra={t('membership.lookup.accountHint')}
          rules={[
            { required: true, whitespace: true, message: t('membership.lookup.accountRequired') },
          ]}
        >
          <Input maxLength={30} autoComplete="off" spellCheck={false} allowClear />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined aria-hidden />}
          loading={lookup.isPending}
          block
        >
          {t('membership.lookup.submit')}
        </Button>
      </Form>
      {answer}
    </Space>
  );
}
