import { EditOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Image,
  Result,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import type { MediaInput } from '@/lib/media-input';
import { mediaUrl } from '@/lib/media-url';
import type { components } from '@/types/api';
import { formatDateTime } from '@/utils/format-date';

import { useProvider } from '../api/get-provider';
import { ProviderForm } from './provider-form';
import { StatusTag } from './status-tag';

type Org = components['schemas']['Org'];

const canManage = (org: Org) => org.my_role === 'owner' || org.my_role === 'admin';

/**
 * One org's provider application: certify first when the org is not certified; the form
 * when it has not applied; otherwise the review state (with the reason of a rejection), the
 * profile as submitted, an edit that resubmits, and the way to the console once approved.
 */
export function ProviderApplication({ org, MediaInput }: { org: Org; MediaInput: MediaInput }) {
  const { t, i18n } = useTranslation();
  const provider = useProvider(org.id);
  const [editing, setEditing] = useState(false);

  if (org.certification !== 'certified') {
    return (
      <Result
        status="warning"
        title={t('provider.notCertified')}
        subTitle={t('provider.notCertifiedText')}
        extra={
          <Link to={paths.enterprise.href(org.id)}>
            <Button type="primary">{t('provider.certifyFirst')}</Button>
          </Link>
        }
      />
    );
  }
  if (provider.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (provider.isError) {
    return (
      <>
        <ProblemAlert error={provider.error} />
        <Button onClick={() => void provider.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  }
  const manage = canManage(org);
  const current = provider.data;

  if (!current) {
    return (
      <Card>
        <Alert type="info" showIcon title={t('provider.notice')} style={{ marginBottom: 24 }} />
        {manage ? (
          <ProviderForm org={org} MediaInput={MediaInput} onDone={() => setEditing(false)} />
        ) : (
          <Alert type="warning" showIcon title={t('provider.managersOnly')} />
        )}
      </Card>
    );
  }

  if (editing && manage) {
    return (
      <Card title={t('provider.edit')}>
        <ProviderForm
          org={org}
          provider={current}
          MediaInput={MediaInput}
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      </Card>
    );
  }

  const approvedOnce = current.status === 'approved' || !!current.public_profile;
  let stateAlert;
  if (current.status === 'rejected') {
    stateAlert = (
      <Alert
        type="error"
        showIcon
        title={t('provider.rejectedText')}
        description={
          current.reject_reason && `${t('provider.rejectReason')}：${current.reject_reason}`
        }
      />
    );
  } else if (current.status === 'pending') {
    stateAlert = (
      <Alert
        type="info"
        showIcon
        title={current.public_profile ? t('provider.changePending') : t('provider.pendingText')}
      />
    );
  } else {
    stateAlert = <Alert type="success" showIcon title={t('provider.approvedText')} />;
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {stateAlert}
      <Card
        title={t('provider.title')}
        extra={
          <Space wrap>
            {approvedOnce && (
              <Link to={paths.providerConsole.href(org.id)}>
                <Button type="primary" icon={<RightOutlined aria-hidden />} iconPlacement="end">
                  {t('provider.toConsole')}
                </Button>
              </Link>
            )}
            {manage && (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('provider.edit')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'status',
              label: t('provider.status'),
              children: <StatusTag status={current.status} />,
            },
            {
              key: 'submitted',
              label: t('provider.submittedAt'),
              children: formatDateTime(current.submitted_at, i18n.language),
            },
            {
              key: 'kind',
              label: t('provider.kind'),
              children: t('provider.kinds.cloud_classroom'),
            },
            { key: 'name', label: t('provider.name'), children: current.name },
            { key: 'org', label: t('provider.orgName'), children: current.org_name },
            {
              key: 'uscc',
              label: t('provider.uscc'),
              children: <span className="uscc">{current.uscc ?? '—'}</span>,
            },
            {
              key: 'legal',
              label: t('provider.legalRepresentative'),
              children: current.legal_representative || '—',
            },
            { key: 'address', label: t('provider.address'), children: current.address },
            { key: 'phone', label: t('provider.contactPhone'), children: current.contact_phone },
            {
              key: 'logo',
              label: t('provider.logo'),
              children: current.logo ? (
                <Image
                  src={mediaUrl(current.logo.url)}
                  alt={t('provider.logo')}
                  width={185}
                  style={{ maxWidth: '100%' }}
                />
              ) : (
                '—'
              ),
            },
            {
              key: 'intro',
              label: t('provider.intro'),
              span: 'filled',
              children: (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {current.intro}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
        {!manage && (
          <Typography.Paragraph type="secondary">{t('provider.managersOnly')}</Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}
