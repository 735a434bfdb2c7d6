import { Button, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

import { useRegisterMembership } from '../api/register-membership';
import { RegistrationForm } from './registration-form';
import { StatusTag } from './status-tag';

/** The public registration (PC and H5): the form, then where it stands and what comes next. */
export function RegisterMembership() {
  const { t } = useTranslation();
  const register = useRegisterMembership();

  if (register.isSuccess) {
    return (
      <Result
        status="success"
        title={t('membership.register.done')}
        subTitle={
          <Space orientation="vertical" size={4}>
            <span>
              {t('membership.register.state')}{' '}
              <StatusTag kind="membership" status={register.data.status} />
            </span>
            <span>{t('membership.register.doneText')}</span>
          </Space>
        }
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            <Link to={paths.membershipStatus.href()}>
              <Button type="primary">{t('membership.lookup.title')}</Button>
            </Link>
            <Link to={paths.membership.href()}>
              <Button>{t('membership.back')}</Button>
            </Link>
          </Space>
        }
      />
    );
  }
  return (
    <RegistrationForm
      submitText={t('membership.register.submit')}
      submitting={register.isPending}
      onSubmit={(registration) => register.mutateAsync(registration)}
    />
  );
}
