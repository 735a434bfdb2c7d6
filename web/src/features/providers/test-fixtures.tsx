// API answers and a stand-in upload field for the provider console's tests.

import type { MediaInput } from '@/lib/media-input';
import { enums } from '@/testing/fixtures';
import type { components } from '@/types/api';

/** The media feature's upload, stood in by a text box holding the media id. */
export const FakeMediaInput: MediaInput = ({ purpose, value, onChange, id }) => (
  <input
    id={id}
    aria-label={`media:${purpose}`}
    value={value ?? ''}
    onChange={(event) => onChange?.(event.target.value || null)}
  />
);

export const providerEnums = {
  ...enums,
  genders: [
    { value: 'male', label_zh: '男', label_en: 'Male', available: true },
    { value: 'female', label_zh: '女', label_en: 'Female', available: true },
  ],
  course_training_modes: [
    { value: 'online', label_zh: '线上', label_en: 'Online', available: true },
    { value: 'offline', label_zh: '线下', label_en: 'Offline', available: true },
  ],
  review_states: [
    { value: 'draft', label_zh: '草稿', label_en: 'Draft', available: true },
    { value: 'pending', label_zh: '待审核', label_en: 'Pending review', available: true },
    { value: 'approved', label_zh: '已通过', label_en: 'Approved', available: true },
    { value: 'rejected', label_zh: '已驳回', label_en: 'Rejected', available: true },
  ],
};

export const certifiedOrg = {
  id: 'o1',
  name: '海南椰风贸易有限公司',
  uscc: '91460200MA5RCN2P6M',
  legal_representative: '李四',
  address: '海口市美兰区海甸五西路 1 号',
  contact_phone: '0898-66000000',
  certification: 'certified',
  certified_by: 'hainan_gov',
  certified_at: '2026-11-20T08:00:00Z',
  my_role: 'owner',
  created_at: '2026-11-20T08:00:00Z',
};

export const provider = (overrides: Record<string, unknown> = {}) => ({
  id: 'p1',
  org_id: 'o1',
  kind: 'cloud_classroom',
  name: '海南椰风贸易有限公司',
  org_name: '海南椰风贸易有限公司',
  uscc: '91460200MA5RCN2P6M',
  legal_representative: '李四',
  address: '海口市美兰区海甸五西路 1 号',
  contact_phone: '0898-66000000',
  intro: '跨境电商培训。',
  logo: { media_id: 'm-logo', url: '/media/m-logo' },
  status: 'pending',
  reject_reason: null,
  submitted_at: '2026-11-21T08:00:00Z',
  decided_at: null,
  public_profile: null,
  ...overrides,
});

export const lecturers = [
  {
    id: 'l1',
    name: '陈静',
    gender: 'female',
    intro: '十年跨境电商运营经验。',
    photo: { media_id: 'm-photo', url: '/media/m-photo' },
  },
  { id: 'l2', name: '刘洋', gender: 'male', intro: '国际物流专家。', photo: null },
];

export const categories = {
  items: [
    {
      id: 'k1',
      code: 'cross_border_ecommerce',
      name_zh: '跨境电商实务',
      name_en: 'Cross-border e-commerce practice',
      sort_order: 10,
    },
  ],
  total: 1,
  page: 1,
  page_size: 100,
};

type Course = components['schemas']['Course'];
type CourseRevision = components['schemas']['CourseRevision'];
type CourseSummary = components['schemas']['CourseSummary'];

export const revision = (overrides: Partial<CourseRevision> = {}): CourseRevision => ({
  id: 'r1',
  number: 1,
  status: 'draft',
  title: '跨境电商入门',
  delivery: 'video',
  cover: { media_id: 'm-cover', url: '/media/m-cover' },
  video_media_id: 'm-video',
  intro: '从平台规则到选品。',
  intro_image: null,
  external_url: null,
  training_mode: 'online',
  category_code: 'cross_border_ecommerce',
  lecturers: [lecturers[0]!],
  live_starts_at: null,
  live_ends_at: null,
  capacity: null,
  submitted_at: null,
  decided_at: null,
  reject_reason: null,
  ...overrides,
});

export const course = (overrides: Partial<Course> = {}, rev = revision()): Course => ({
  id: 'c1',
  status: rev.status,
  listed: false,
  public_revision: null,
  version: 3,
  revision: rev,
  created_at: '2026-11-21T08:00:00Z',
  updated_at: '2026-11-21T08:00:00Z',
  ...overrides,
});

export const summary = (n: number, overrides: Partial<CourseSummary> = {}): CourseSummary => ({
  id: `c${n}`,
  title: `课程 ${n}`,
  cover: null,
  delivery: 'video',
  listed: false,
  status: 'draft',
  reject_reason: null,
  updated_at: '2026-11-21T08:00:00Z',
  ...overrides,
});
