import { App, Card, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { components } from '@/types/api';

import { useApplyMembership } from '../api/apply-membership';
import { RegistrationForm } from './registration-form';

type Org = components['schemas']['Org'];

function ApplyForOrg({ org }: { org: Org }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const apply = useApplyMembership(org.id);
  return (
    <RegistrationForm
      key={org.id}
      org={org}
      submitText={t('membership.apply.submit')}
      submitting={apply.isPending}
      onSubmit={(registration) =>
        apply.mutateAsync(registration).then(() => void message.success(t('membership.apply.done')))
      }
    />
  );
}

/**
 * 申请入会 for an org already on the platform (SPEC §6): its owner applies with the org's name
 * and USCC; the rest is as in a registration. `orgs`: the orgs the user owns without one.
 */
export function ApplyMembership({ orgs }: { orgs: Org[] }) {
  const { t } = useTranslation();
  const [orgId, setOrgId] = useState(orgs[0]?.id);
  const org = orgs.find((o) => o.id === orgId) ?? orgs[0];
  if (!org) return null;
  return (
    <Card title={t('membership.apply.title')}>
      <Typography.Paragraph type="secondary">{t('membership.apply.text')}</Typography.Paragraph>
      {orgs.length > 1 && (
        <Select
          aria-label={t('membership.apply.org')}
          className="org-select"
          style={{ marginBottom: 16 }}
          value={org.id}
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          onChange={setOrgId}
        />
      )}
      <ApplyForOrg key={org.id} org={org} />
    </Card>
  );
}
