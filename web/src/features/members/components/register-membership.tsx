import { Button, Descriptions, Grid, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { maskPhone } from '@/utils/mask-phone';

import { useUserTypes } from '../api/get-user-types';
import { useRegisterMembership, type Registration } from '../api/register-membership';
import { RegistrationForm } from './registration-form';
import { StatusTag } from './status-tag';

/**
 * What the unit registered, under its status (seed 002 §3.1.3: the result page shows the
 * information filled in). The API answers only the status, so this is what was sent, the
 * mobiles masked as the API masks them elsewhere (138****8000) and the password left out.
 */
function RegisteredInfo({ registration }: { registration: Registration }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const userTypes = useUserTypes();
  const userType = userTypes.data?.find((type) => type.id === registration.user_type_id);
  return (
    <Descriptions
      title={t('membership.register.registered')}
      bordered
      size="small"
      column={1}
      // On a phone each label sits above its value: side by side, both would wrap.
      layout={screens.sm ? 'horizontal' : 'vertical'}
      items={[
        {
          key: 'unit',
          label: t('membership.fields.unitName'),
          children: registration.unit_name,
        },
        {
          key: 'uscc',
          label: t('membership.fields.uscc'),
          children: <span className="uscc">{registration.uscc}</span>,
        },
        {
          key: 'legalRep',
          label: t('membership.fields.legalRepName'),
          children: registration.legal_rep_name,
        },
        {
          key: 'legalRepMobile',
          label: t('membership.fields.legalRepMobile'),
          children: maskPhone(registration.legal_rep_mobile),
        },
        {
          key: 'contact',
          label: t('membership.fields.contactName'),
          children: registration.contact_name,
        },
        {
          key: 'contactMobile',
          label: t('membership.fields.contactMobile'),
          children: maskPhone(registration.contact_mobile),
        },
        {
          key: 'userType',
          label: t('membership.fields.userType'),
          children: userType?.name ?? '—',
        },
      ]}
    />
  );
}

/**
 * The public registration (PC and H5): the form, then where it stands, what was registered
 * and what comes next.
 */
export function RegisterMembership() {
  const { t } = useTranslation();
  const register = useRegisterMembership();

  if (register.isSuccess) {
    return (
      <>
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
          style={{ paddingBottom: 24 }}
        />
        <RegisteredInfo registration={register.variables} />
        <Space wrap style={{ justifyContent: 'center', width: '100%', marginTop: 24 }}>
          <Link to={paths.membershipStatus.href()}>
            <Button type="primary">{t('membership.lookup.title')}</Button>
          </Link>
          <Link to={paths.membership.href()}>
            <Button>{t('membership.back')}</Button>
          </Link>
        </Space>
      </>
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
