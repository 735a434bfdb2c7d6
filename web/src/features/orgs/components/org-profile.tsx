import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useEnumLabel } from '@/hooks/use-enum-label';
import { formatDate } from '@/utils/format-date';

import { canManage, isCertified, type Org } from '../api/get-my-orgs';
import { CertificationTag } from './certification-tag';
import { CertifyButton } from './certify-button';
import { EditOrgForm } from './edit-org-form';

/** The org's profile with its certification state; owners and admins edit it here. */
export function OrgProfile({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const roleLabel = useEnumLabel('org_roles');
  const [editing, setEditing] = useState(false);
  const manage = canManage(org);
  const certified = isCertified(org);

  const certification = (
    <Space wrap size={4}>
      <CertificationTag org={org} />
      {certified && org.certified_by && (
        <Typography.Text type="secondary">
          {t(org.certified_by === 'hainan_gov' ? 'enterprise.byHainanGov' : 'enterprise.byAdmin')}
          {org.certified_at && ` · ${formatDate(org.certified_at, i18n.language)}`}
        </Typography.Text>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('enterprise.profile')}
        extra={
          manage &&
          !editing && (
            <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
              {t('enterprise.edit')}
            </Button>
          )
        }
      >
        {editing ? (
          <EditOrgForm org={org} onDone={() => setEditing(false)} />
        ) : (
          <>
            <Descriptions
              column={{ xs: 1, sm: 1, md: 2 }}
              items={[
                { key: 'name', label: t('enterprise.name'), children: org.name },
                {
                  key: 'uscc',
                  label: t('enterprise.uscc'),
                  children: <span className="uscc">{org.uscc ?? '—'}</span>,
                },
                {
                  key: 'legal',
                  label: t('enterprise.legalRepresentative'),
                  children: org.legal_representative || '—',
                },
                {
                  key: 'certification',
                  label: t('enterprise.certification'),
                  children: certification,
                },
                { key: 'address', label: t('enterprise.address'), children: org.address || '—' },
                {
                  key: 'phone',
                  label: t('enterprise.contactPhone'),
                  children: org.contact_phone || '—',
                },
                { key: 'role', label: t('enterprise.myRole'), children: roleLabel(org.my_role) },
              ]}
            />
            {certified && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('enterprise.certifiedNote')}
              </Typography.Paragraph>
            )}
          </>
        )}
      </Card>
      {!certified && (
        <Card title={t('enterprise.certifyTitle')}>
          {manage ? (
            <>
              <Typography.Paragraph>
                {t('enterprise.certifyText', { uscc: org.uscc ?? '' })}
              </Typography.Paragraph>
              <CertifyButton orgId={org.id} />
            </>
          ) : (
            <Alert type="info" showIcon title={t('enterprise.certifyAskManager')} />
          )}
        </Card>
      )}
    </Space>
  );
}
