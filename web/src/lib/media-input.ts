// The upload field a form needs is the media feature's `MediaUpload`. Features do not import
// each other (STYLE.md 19), so the app passes it in: forms in providers and members take a
// `MediaInput`, whose props are declared once here (the app checks `MediaUpload` against them).

import type { ComponentType } from 'react';

import type { components } from '@/types/api';

export type MediaPurpose = components['schemas']['MediaPurpose'];

export type MediaInputProps = {
  purpose: MediaPurpose;
  /** The media id, as the API's `*_media_id` fields take it (`cover_media_id`, …). */
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The org the file belongs to (private files such as videos and vouchers). */
  orgId?: string;
  /** Set by `Form.Item`, so its label reaches the picker. */
  id?: string;
};

export type MediaInput = ComponentType<MediaInputProps>;
