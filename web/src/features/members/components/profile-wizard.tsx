import { Alert, Button, Card, Space, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isCouncil, type Membership } from '../api/get-membership';
import { CouncilRepresentatives } from './council-representatives';
import { ProfileForm, type ProfileSection } from './profile-form';

type Step = ProfileSection | 'council';

const contactFields = ['contact_email'];

/** The first step that still lacks something (the API's `missing`). */
function firstIncomplete(steps: Step[], missing: string[]): number {
  const lacks = (step: Step) =>
    step === 'council'
      ? missing.includes('council_representatives')
      : step === 'contact'
        ? missing.some((field) => contactFields.includes(field))
        : missing.some(
            (field) => !contactFields.includes(field) && field !== 'council_representatives',
          );
  return Math.max(0, steps.findIndex(lacks));
}

/**
 * 完善信息 on first sign-in (SPEC §6): contact, unit information and — at council levels —
 * council representatives, one step at a time; every step saves (a draft when gaps remain).
 * The membership's other features open once the API finds nothing missing.
 */
export function ProfileWizard({
  orgId,
  membership,
  canManage,
}: {
  orgId: string;
  membership: Membership;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const steps: Step[] = isCouncil(membership)
    ? ['contact', 'unit', 'council']
    : ['contact', 'unit'];
  const [current, setCurrent] = useState(() => firstIncomplete(steps, membership.missing));
  const step = steps[Math.min(current, steps.length - 1)]!;
  const last = current >= steps.length - 1;

  return (
    <Card title={t('membership.wizard.title')}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          title={t('membership.wizard.notice')}
          description={
            membership.missing.length > 0
              ? t('membership.wizard.missing', {
                  fields: membership.missing
                    .map((field) =>
                      field === 'council_representatives'
                        ? t('membership.council.title')
                        : t(`membership.fields.${field}`),
                    )
                    .join(t('membership.listSeparator')),
                })
              : undefined
          }
        />
        <Steps
          size="small"
          current={current}
          onChange={setCurrent}
          items={steps.map((s) => ({ title: t(`membership.wizard.steps.${s}`) }))}
        />
        {step === 'council' ? (
          <>
            <CouncilRepresentatives orgId={orgId} membership={membership} canManage={canManage} />
            <Space wrap>
              <Button onClick={() => setCurrent(current - 1)}>
                {t('membership.wizard.previous')}
              </Button>
            </Space>
          </>
        ) : (
          <>
            <ProfileForm
              key={step}
              orgId={orgId}
              membership={membership}
              sections={[step]}
              canManage={canManage}
              allowDraft
              submitText={t(last ? 'membership.wizard.finish' : 'membership.wizard.saveNext')}
              onSaved={(_, draft) => {
                if (!draft && !last) setCurrent(current + 1);
              }}
            />
            {current > 0 && (
              <Button onClick={() => setCurrent(current - 1)}>
                {t('membership.wizard.previous')}
              </Button>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
