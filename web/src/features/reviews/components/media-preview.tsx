import { Image, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useSignedUrl } from '@/hooks/use-signed-url';
import { mediaUrl } from '@/lib/media-url';

type Picture = { media_id: string; url: string };

/** A picture of a submission (logo, cover, long image), or — when absent. */
export function PicturePreview({
  picture,
  alt,
  width,
}: {
  picture?: Picture | null;
  alt: string;
  width?: number;
}) {
  const { t } = useTranslation();
  if (!picture) return <Typography.Text type="secondary">{t('admin.none')}</Typography.Text>;
  return <Image src={mediaUrl(picture.url)} alt={alt} width={width} style={{ maxWidth: '100%' }} />;
}

/** A submitted course video (private: played through a signed URL). */
export function VideoPreview({ mediaId }: { mediaId?: string | null }) {
  const { t } = useTranslation();
  if (!mediaId) return <Typography.Text type="secondary">{t('admin.none')}</Typography.Text>;
  return <SignedVideo mediaId={mediaId} label={t('admin.videoPreview')} />;
}

function SignedVideo({ mediaId, label }: { mediaId: string; label: string }) {
  const { t } = useTranslation();
  const url = useSignedUrl(mediaId);
  if (!url.data) {
    return url.isError ? (
      // Reviewers are not members of the provider's org: the API may refuse to sign.
      <Typography.Text type="warning">{t('admin.videoUnavailable')}</Typography.Text>
    ) : (
      <Spin />
    );
  }
  return (
    <video
      controls
      preload="metadata"
      src={url.data}
      aria-label={label}
      style={{ display: 'block', width: '100%', maxWidth: 360, background: '#000' }}
    />
  );
}
