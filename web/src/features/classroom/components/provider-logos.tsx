import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { mediaUrl } from '@/lib/media-url';

import { useProviders } from '../api/get-providers';

/**
 * The catalog's footer (seed 000 §二(一)1): every approved provider's logo at its uploaded
 * size (185×74) with its introduction, each linking to the provider's page.
 */
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
            <Link
              to={paths.classroomProvider.href(provider.id)}
              className="provider-logo-link"
              aria-label={provider.name}
            >
              {provider.logo ? (
                <img
                  src={mediaUrl(provider.logo.url)}
                  alt=""
                  width={185}
                  height={74}
                  loading="lazy"
                />
              ) : (
                <span className="provider-logo-name">{provider.name}</span>
              )}
            </Link>
            {provider.intro && (
              <Typography.Paragraph
                className="provider-logo-intro"
                ellipsis={{ rows: 3, tooltip: provider.intro }}
              >
                {provider.intro}
              </Typography.Paragraph>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
