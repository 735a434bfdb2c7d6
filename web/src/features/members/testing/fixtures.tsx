// Answers of the membership API that the feature's tests share, and a stand-in for the
// upload field (the media feature's own tests cover uploading).

import type { MediaInputProps } from '@/lib/media-input';

import type { Dues } from '../api/get-dues';
import type { Membership } from '../api/get-membership';
import type { Payment } from '../api/get-payments';

export const userTypes = [
  { id: 'ut-enterprise', name: '企业', council: false, sort_order: 1, disabled: false },
  { id: 'ut-institution', name: '事业单位', council: false, sort_order: 2, disabled: false },
];

export const levels = [
  { id: 'lv-member', name: '会员单位', council: false, sort_order: 1, disabled: false },
  { id: 'lv-council', name: '理事单位', council: true, sort_order: 2, disabled: false },
];

export const completeProfile = {
  contact_email: 'a@example.com',
  operating_status: '存续',
  nature: '民营企业',
  legal_rep_birth_date: '1980-01-01',
  phone: '0898-66668888',
  industry: '跨境电商',
  scale: '50-99人',
  province: '海南省',
  city: '海口市',
  address: '美兰区国兴大道 1 号',
  registration_date: '2015-03-01',
  business_scope: '跨境电子商务',
  registered_capital_wan: '500',
};

export function membership(overrides: Partial<Membership> = {}): Membership {
  return {
    id: 'm1',
    org_id: 'o1',
    unit_name: '海南会员测试单位',
    uscc: '91460100MA5TDEM28D',
    legal_rep_name: '王法人',
    legal_rep_mobile: '139****0001',
    contact_name: '张联系',
    contact_mobile: '138****0002',
    user_type: userTypes[0]!,
    level: levels[0]!,
    tags: [],
    status: 'approved',
    reject_reason: null,
    wechat_bound: true,
    profile: completeProfile,
    profile_complete: true,
    missing: [],
    council_representatives: [],
    registered_at: '2026-11-20T08:00:00Z',
    decided_at: '2026-11-21T08:00:00Z',
    ...overrides,
  };
}

export const dues: Dues = {
  level: levels[0]!,
  years: [
    { year: 2027, amount_fen: 80_000, status: 'unpaid' },
    { year: 2026, amount_fen: 123_450, status: 'paid' },
  ],
};

export function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'p1',
    unit_name: '海南会员测试单位',
    year: 2026,
    amount_fen: 123_450,
    fee_fen: 123_450,
    channel: 'offline',
    status: 'submitted',
    out_trade_no: null,
    gateway_transaction_id: null,
    paid_on: '2026-11-25',
    payer_account: '6222000011112222',
    bank_serial: 'SN0001',
    voucher_media_id: 'media-1',
    voucher_url: '/media/media-1?expires=1&signature=x',
    reject_reason: null,
    confirm_note: null,
    flag_reason: null,
    receipt_no: null,
    receipt_url: null,
    created_at: '2026-11-25T08:00:00Z',
    settled_at: null,
    ...overrides,
  };
}

export const page = <T,>(items: T[]) => ({ items, total: items.length, page: 1, page_size: 10 });

/** A text box in place of `MediaUpload`: typing a media id is "uploading" it. */
export function FakeMediaInput({ value, onChange, id, purpose }: MediaInputProps) {
  return (
    <input
      id={id}
      aria-label={`upload ${purpose}`}
      value={value ?? ''}
      onChange={(event) => onChange?.(event.target.value || null)}
    />
  );
}
