// The voucher field needs the media feature's `MediaUpload`. Features do not import each other
// (STYLE.md 19), so the app passes it in: the forms here take a `MediaInput`.

import type { ComponentType } from 'react';

import type { components } from '@/types/api';

export type MediaInputProps = {
  purpose: components['schemas']['MediaPurpose'];
  /** The media id, as `voucher_media_id` takes it. */
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The org the (private) file belongs to. */
  orgId?: string;
  /** Set by `Form.Item`, so its label reaches the picker. */
  id?: string;
};

export type MediaInput = ComponentType<MediaInputProps>;
