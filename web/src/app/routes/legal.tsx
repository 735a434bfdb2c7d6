// The texts users agree to (issue 21 item 1): their public pages, and the operators' page
// that publishes new versions (平台管理 → 法律文本, inside the admin console's frame).

import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { LegalAdmin } from '@/features/legal/components/legal-admin';
import { LegalPage } from '@/features/legal/components/legal-page';
import { legalKinds, type LegalKind } from '@/hooks/use-legal-document';
import { useMe } from '@/hooks/use-me';

/** /legal/terms, /legal/privacy, /legal/charter (public); `?version=` one of the history. */
export function LegalRoute({ kind }: { kind: LegalKind }) {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  return (
    <div className="legal-page-frame">
      <LegalPage
        kind={kind}
        version={version}
        onVersionChange={(next) => setParams(next === undefined ? {} : { version: String(next) })}
      />
    </div>
  );
}

/** /admin/legal: 法律文本; `kind` picks the tab; super admins publish, other operators read. */
export function AdminLegalRoute() {
  const { t } = useTranslation();
  const canEdit = useMe().data?.admin_role === 'super';
  const [params, setParams] = useSearchParams();
  const asked = params.get('kind');
  const kind = legalKinds.find((each) => each === asked) ?? 'terms';
  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('legal.admin.title')}
      </Typography.Title>
      <LegalAdmin
        kind={kind}
        canEdit={canEdit}
        onKindChange={(next) => setParams(next === 'terms' ? {} : { kind: next })}
      />
    </>
  );
}
