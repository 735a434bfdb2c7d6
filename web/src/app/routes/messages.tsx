import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { MessageCenter } from '@/features/messages/components/message-center';

/** /messages (behind `RequireSignIn`): the message center; `?page=` keeps the page. */
export function MessagesRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('messages.title')}
      </Typography.Title>
      <MessageCenter
        page={page}
        onPageChange={(next) => setParams(next > 1 ? { page: String(next) } : {})}
      />
    </>
  );
}
