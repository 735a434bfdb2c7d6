// API answers the classroom's tests share, shaped like the demo data (`ketang serve --demo`).

import { enums } from '@/testing/fixtures';

export const classroomEnums = {
  ...enums,
  course_training_modes: [
    { value: 'online', label_zh: '线上', label_en: 'Online', available: true },
    { value: 'offline', label_zh: '线下', label_en: 'Offline', available: true },
  ],
};

export const categories = {
  items: [
    {
      id: 'k1',
      code: 'cross_border_ecommerce',
      name_zh: '跨境电商实务',
      name_en: 'Cross-border e-commerce practice',
      sort_order: 10,
    },
    {
      id: 'k2',
      code: 'live_commerce',
      name_zh: '直播电商',
      name_en: 'Live commerce',
      sort_order: 60,
    },
  ],
  total: 2,
  page: 1,
  page_size: 100,
};

export const providerCards = [
  {
    id: 'p1',
    name: '海口数字贸易学院',
    intro: '面向自贸港企业的跨境电商与数字贸易实训机构。',
    address: '海口市龙华区滨海大道 88 号',
    logo: { media_id: 'm-logo-1', url: '/media/m-logo-1' },
  },
  {
    id: 'p2',
    name: '三亚职业培训中心',
    intro: '提供直播电商与职业技能提升课程。',
    address: '三亚市吉阳区迎宾路 66 号',
    logo: null,
  },
];

export function courseCard(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `c${n}`,
    title: `课程 ${n}`,
    cover: { media_id: `m-cover-${n}`, url: `/media/m-cover-${n}` },
    delivery: 'video',
    training_mode: 'online',
    category_code: 'cross_border_ecommerce',
    category_name_zh: '跨境电商实务',
    category_name_en: 'Cross-border e-commerce practice',
    provider_id: 'p1',
    provider_name: '海口数字贸易学院',
    listed_at: '2026-11-20T08:00:00Z',
    rating_average: null,
    rating_count: 0,
    ...overrides,
  };
}

export function coursePage(items: unknown[], total = items.length, page = 1, pageSize = 12) {
  return { items, total, page, page_size: pageSize };
}

export const publicCourse = {
  ...courseCard(1, {
    title: '跨境电商入门与选品',
    rating_average: 4.5,
    rating_count: 2,
  }),
  video_url: '/media/m-video?expires=1900000000&signature=abc',
  video_duration_ms: 600_000,
  intro: '从平台规则到选品方法，带你完成第一个跨境店铺。',
  intro_image: { media_id: 'm-intro', url: '/media/m-intro' },
  external_url: null,
  live_starts_at: null,
  live_ends_at: null,
  capacity: null,
  lecturers: [
    {
      id: 'l1',
      name: '陈静',
      gender: 'female',
      intro: '十年跨境电商运营经验。',
      photo: { media_id: 'm-photo', url: '/media/m-photo' },
    },
    { id: 'l2', name: '刘洋', gender: 'male', intro: '国际物流与海外仓专家。', photo: null },
  ],
  provider: providerCards[0],
};

export const comments = {
  items: [
    {
      id: 'k1',
      author: '王**',
      body: '讲得很清楚，选品部分特别实用。',
      rating: 5,
      reply: '谢谢支持，后续会更新更多案例！',
      replied_at: '2026-11-21T08:00:00Z',
      hidden: false,
      created_at: '2026-11-20T08:00:00Z',
    },
  ],
  total: 1,
  page: 1,
  page_size: 10,
};

export const myStatus = (studiedMs = 0, extra: Record<string, unknown> = {}) => ({
  enrolled_at: null,
  signed_in_at: null,
  places_left: null,
  studied_ms: studiedMs,
  ...extra,
});
