// API answers the training-class tests share.

import { enums } from '@/testing/fixtures';

const option = (value: string, label_zh: string, label_en: string, available = true) => ({
  value,
  label_zh,
  label_en,
  available,
});

export const classEnums = {
  ...enums,
  genders: [option('male', '男', 'Male'), option('female', '女', 'Female')],
  education_levels: [
    option('junior_high_or_below', '初中及以下', 'Junior high or below'),
    option('bachelor', '本科', 'Bachelor'),
  ],
  class_training_modes: [
    option('live', '线上直播', 'Live online'),
    option('on_demand', '线上点播', 'On demand', false),
  ],
  class_platforms: [
    option('dingtalk', '钉钉', 'DingTalk'),
    option('lexiang', '腾讯乐享', 'Tencent Lexiang', false),
  ],
};

export const trainingClass = {
  id: 'c1',
  name: '跨境电商运营班',
  code: 'HN-2026-000021',
  class_type_code: 'enterprise_staff',
  class_type_name: '企业职工培训',
  training_mode: 'live',
  platform: 'dingtalk',
  student_count: 3,
  active_student_count: 2,
  total_live_ms: 2_144_000,
  synced_at: '2026-11-21T08:00:00Z',
  subsidy_status: null as string | null,
  created_at: '2026-11-20T08:00:00Z',
};

export const student = (id: string, name: string, status = 'inactive') => ({
  id,
  name,
  gender: 'male',
  resident_id: '110101********4514',
  mobile: '138****8000',
  education: 'bachelor',
  status,
  created_at: '2026-11-20T08:00:00Z',
});

export const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, page_size: 20 });
