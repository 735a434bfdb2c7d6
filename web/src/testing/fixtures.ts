// Answers of the API that many tests need: the signed-in user and the vocabularies.

const option = (value: string, label_zh: string, label_en: string) => ({
  value,
  label_zh,
  label_en,
  available: true,
});

export const me = {
  id: 'u1',
  mobile: '13800138000',
  display_name: '138****8000',
  has_password: true,
  admin_role: null,
  created_at: '2026-11-22T08:00:00Z',
};

export const session = (accessToken: string, user = me) => ({
  access_token: accessToken,
  token_type: 'Bearer',
  expires_in: 900,
  registered: false,
  user,
});

export const enums = {
  genders: [],
  education_levels: [],
  course_training_modes: [],
  class_training_modes: [],
  class_platforms: [],
  org_roles: [
    option('owner', '所有者', 'Owner'),
    option('admin', '管理员', 'Administrator'),
    option('staff', '员工', 'Staff'),
  ],
  certification_states: [
    option('uncertified', '未认证', 'Not certified'),
    option('certified', '已认证', 'Certified'),
  ],
  review_states: [],
  payment_channels: [],
};

/** GET /messages for the header's unread count. */
export const unreadReply = (unread: number) => ({
  body: { items: [], total: unread, page: 1, page_size: 1, unread },
});

/** GET /auth/sso/providers as the sandbox answers it. */
export const ssoProviders = [
  {
    provider: 'wechat',
    label_zh: '微信扫码登录',
    label_en: 'WeChat (scan QR code)',
    inside_wechat_only: false,
  },
  { provider: 'wechat_h5', label_zh: '微信登录', label_en: 'WeChat', inside_wechat_only: true },
  { provider: 'dingtalk', label_zh: '钉钉登录', label_en: 'DingTalk', inside_wechat_only: false },
  {
    provider: 'hainan_gov',
    label_zh: '海易办登录',
    label_en: 'Hainan Yibanban (government)',
    inside_wechat_only: false,
  },
];

const legalTitles = { terms: '平台法律声明', privacy: '隐私政策', charter: '协会章程' } as const;

/** GET /legal/{kind} (or one version): a short text in the Markdown the real ones use. */
export const legalDocument = (
  kind: keyof typeof legalTitles,
  version = 1,
  overrides: { title?: string; body?: string; change_note?: string | null } = {},
) => ({
  kind,
  version,
  title: legalTitles[kind],
  body: `本${legalTitles[kind]}依据中华人民共和国法律订立（第 ${version} 版）。\n\n## 一、总则\n\n1. 第一条\n2. 第二条\n\n- 要点 <b>粗体标签</b>`,
  change_note: null,
  published_at: '2026-12-01T08:00:00Z',
  is_default: version === 1,
  ...overrides,
});

/** The current 《平台法律声明》 and 《隐私政策》, as the sign-up forms load them. */
export const termsReplies = (terms = 1, privacy = 1) => ({
  '/api/v1/legal/terms': { body: legalDocument('terms', terms) },
  '/api/v1/legal/privacy': { body: legalDocument('privacy', privacy) },
});
