import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

import { useProviders } from '../api/get-providers';
import { mediaUrl } from '../media-url';

/** The catalog's footer strip: every approved provider's logo, linking to its page. */
export function ProviderLogos() {
  const { t } = useTranslation();
  const providers = useProviders();
  // A footer: when it cannot load, the page goes on without it.
  if (!providers.data || providers.data.length === 0) return null;
  return (
    <section className="provider-logos" aria-labelledby="provider-logos-title">
      <Typography.Title level={2} id="provider-logos-title" className="provider-logos-title">
        {t('classroom.providersTitle')}
      </Typography.Title>
      <ul>
        {providers.data.map((provider) => (
          <li key={provider.id}>
            <Link to={paths.classroomProvider.href(provider.id)}>
              {provider.logo ? (
                <img src={mediaUrl(provider.logo.url)} alt={provider.name} loading="lazy" />
              ) : (
                <span className="provider-logo-name">{provider.name}</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
