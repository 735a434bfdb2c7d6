import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { ApiProblem } from '@/lib/api-client';

/**
 * A failure of an act that stands on the member's second factor (ordering dues online,
 * unbinding the WeChat). The server refuses those (403 `member_sign_in_required`) to a
 * session that did not pass it, such as an SMS sign-in to the contact's phone: this says how
 * to sign in as the member instead. Any other failure shows as usual.
 */
export function MemberProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiProblem) || error.code !== 'member_sign_in_required') {
    return <ProblemAlert error={error} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={t('membership.memberSignInRequired.title')}
      description={
        <>
          {t('membership.memberSignInRequired.text')}{' '}
          <Link to={paths.membershipLogin.href()}>
            {t('membership.memberSignInRequired.toLogin')}
          </Link>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
