import { EnvironmentOutlined } from '@ant-design/icons';
import { Avatar, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { mediaUrl } from '@/lib/media-url';

import type { ProviderCard } from '../api/get-providers';

/** The provider's logo, name, address and introduction. */
export function ProviderProfile({
  provider,
  heading = 2,
}: {
  provider: ProviderCard;
  heading?: 1 | 2 | 3;
}) {
  const { t } = useTranslation();
  return (
    <div className="provider-profile">
      {provider.logo ? (
        <img className="provider-logo" src={mediaUrl(provider.logo.url)} alt={provider.name} />
      ) : (
        <Avatar shape="square" size={64} aria-hidden="true">
          {provider.name.slice(0, 1)}
        </Avatar>
      )}
      <div className="provider-profile-text">
        <Typography.Title level={heading} className="provider-name">
          {provider.name}
        </Typography.Title>
        {provider.address && (
          <Typography.Text type="secondary">
            <EnvironmentOutlined aria-hidden="true" />{' '}
            <span className="sr-only">{t('classroom.providerPage.address')}</span>
            {provider.address}
          </Typography.Text>
        )}
        {provider.intro && (
          <Typography.Paragraph className="provider-intro">{provider.intro}</Typography.Paragraph>
        )}
      </div>
    </div>
  );
}

/** The course page's provider card, linking to the provider's page. */
export function ProviderSummary({ provider }: { provider: ProviderCard }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('classroom.course.provider')}
      extra={
        <Link to={paths.classroomProvider.href(provider.id)}>
          {t('classroom.course.viewProvider')}
        </Link>
      }
    >
      <ProviderProfile provider={provider} heading={3} />
    </Card>
  );
}
