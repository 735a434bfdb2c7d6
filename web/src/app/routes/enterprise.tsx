import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Skeleton, Tabs, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { OrgStudyTime } from '@/features/classroom/components/org-study-time';
import { canManage, useMyOrgs, type Org } from '@/features/orgs/api/get-my-orgs';
import { CertificationTag } from '@/features/orgs/components/certification-tag';
import { CertifyButton } from '@/features/orgs/components/certify-button';
import { CreateOrgForm } from '@/features/orgs/components/create-org-form';
import { OrgMembers } from '@/features/orgs/components/org-members';
import { OrgProfile } from '@/features/orgs/components/org-profile';
import { useCertificationOutcome } from '@/features/orgs/hooks/use-certification-outcome';

/** No org yet: certify through 海易办 (creates the org from the government's record) or create one. */
function NoOrg({ onCreated }: { onCreated: (org: Org) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('enterprise.none')}</Typography.Paragraph>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={10}>
          <Card title={t('enterprise.certifyTitle')}>
            <Typography.Paragraph>{t('enterprise.certifyNewText')}</Typography.Paragraph>
            <CertifyButton block />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('enterprise.createTitle')}>
            <CreateOrgForm onCreated={onCreated} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** The tabs only owners and admins see (SPEC §0), by their `?tab=` value. */
const managerTabs = ['members', 'study-time'];

/**
 * /enterprise (behind `RequireSignIn`): the user's orgs (`?org=` picks one), the profile with
 * its certification, and for owners and admins the sub-accounts (`?tab=members`) and the
 * members' on-demand study time in the cloud classroom (`?tab=study-time`).
 */
export function EnterpriseRoute() {
  const { t } = useTranslation();
  const orgs = useMyOrgs();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const show = useCallback(
    (org: Org) => {
      setCreating(false);
      void navigate(paths.enterprise.href(org.id), { replace: true });
    },
    [navigate],
  );
  useCertificationOutcome(show);

  let body;
  if (orgs.isPending) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (orgs.isError) {
    body = (
      <>
        <ProblemAlert error={orgs.error} />
        <Button onClick={() => void orgs.refetch()}>{t('errors.retry')}</Button>
      </>
    );
  } else if (orgs.data.length === 0) {
    body = <NoOrg onCreated={show} />;
  } else {
    const org = orgs.data.find((o) => o.id === params.get('org')) ?? orgs.data[0]!;
    const asked = params.get('tab') ?? '';
    const tab = managerTabs.includes(asked) && canManage(org) ? asked : 'info';
    body = (
      <>
        <div className="org-bar">
          {orgs.data.length > 1 ? (
            <Select
              aria-label={t('enterprise.select')}
              className="org-select"
              value={org.id}
              options={orgs.data.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(id) => show(orgs.data.find((o) => o.id === id)!)}
            />
          ) : (
            <Typography.Title level={4} className="org-name">
              {org.name}
            </Typography.Title>
          )}
          <CertificationTag org={org} />
          {org.my_role === 'owner' && (
            <Link to={paths.developerAccess.href(org.id)}>
              <Button icon={<ApiOutlined aria-hidden />}>{t('integrators.title')}</Button>
            </Link>
          )}
          {!creating && (
            <Button
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setCreating(true)}
              className="org-create"
            >
              {t('enterprise.createAnother')}
            </Button>
          )}
        </div>
        {creating && (
          <Card title={t('enterprise.createTitle')} style={{ marginBottom: 16 }}>
            <CreateOrgForm onCreated={show} onCancel={() => setCreating(false)} />
          </Card>
        )}
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setParams((current) => {
              const next = new URLSearchParams(current);
              next.set('org', org.id);
              if (managerTabs.includes(key)) next.set('tab', key);
              else next.delete('tab');
              return next;
            })
          }
          items={[
            {
              key: 'info',
              label: t('enterprise.profile'),
              children: <OrgProfile key={org.id} org={org} />,
            },
            ...(canManage(org)
              ? [
                  {
                    key: 'members',
                    label: t('members.title'),
                    children: <OrgMembers key={org.id} org={org} />,
                  },
                  {
                    key: 'study-time',
                    label: t('classroom.orgStudyTime.tab'),
                    children: <OrgStudyTime key={org.id} orgId={org.id} />,
                  },
                ]
              : []),
          ]}
        />
      </>
    );
  }

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('enterprise.title')}
      </Typography.Title>
      {body}
    </>
  );
}
