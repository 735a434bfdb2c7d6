-- Association membership (SPEC §6): the admins' vocabularies (member user types, levels,
-- tags), member units (one membership per org, reviewed), their second-factor sign-in
-- challenges, council representatives, the fee schedule and dues payments.

-- One table for the three admin-managed lists; `council` marks the levels whose members list
-- council representatives (顾问, 理事 and above). Entries are disabled, never deleted.
create table member_vocabulary (
    id text primary key,
    kind text not null check (kind in ('user_type', 'level', 'tag')),
    name text not null,
    council smallint not null default 0,
    sort_order bigint not null default 0,
    disabled smallint not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    unique (kind, name)
);

insert into member_vocabulary (id, kind, name, council, sort_order, created_at, updated_at) values
    ('ut-enterprise', 'user_type', '企业', 0, 1, 1767225600000, 1767225600000),
    ('ut-institution', 'user_type', '事业单位', 0, 2, 1767225600000, 1767225600000),
    ('ut-association', 'user_type', '社会团体', 0, 3, 1767225600000, 1767225600000),
    ('ut-individual', 'user_type', '个体工商户', 0, 4, 1767225600000, 1767225600000),
    ('lv-member', 'level', '会员单位', 0, 1, 1767225600000, 1767225600000),
    ('lv-council', 'level', '理事单位', 1, 2, 1767225600000, 1767225600000),
    ('lv-standing', 'level', '常务理事单位', 1, 3, 1767225600000, 1767225600000),
    ('lv-vice-secretary', 'level', '副秘书长单位', 1, 4, 1767225600000, 1767225600000),
    ('lv-vice-president', 'level', '副理事长单位', 1, 5, 1767225600000, 1767225600000),
    ('lv-adviser', 'level', '顾问单位', 1, 6, 1767225600000, 1767225600000);

create table memberships (
    id text primary key,
    org_id text not null unique references orgs (id) on delete cascade,
    -- The unit's name and USCC as registered (login account); admins change them.
    unit_name text not null unique,
    uscc text not null unique,
    legal_rep_name text not null,
    legal_rep_mobile_encrypted text not null,
    legal_rep_mobile_masked text not null,
    contact_name text not null,
    -- The contact mobile is the other login account: a keyed hash finds it.
    contact_mobile_encrypted text not null,
    contact_mobile_masked text not null,
    contact_mobile_hash text not null unique,
    -- The account the member signs in as (the contact), owner of the org.
    account_user_id text not null references users (id),
    user_type_id text not null references member_vocabulary (id),
    level_id text references member_vocabulary (id),
    -- JSON array of tag ids.
    tag_ids text not null default '[]',
    password_hash text not null,
    password_failures bigint not null default 0,
    password_failure_window_started_at bigint,
    password_locked_until bigint,
    status text not null check (status in ('pending', 'approved', 'rejected')),
    reject_reason text,
    -- The WeChat identity (unionid) bound as the second factor on the first scan.
    wechat_subject text,
    wechat_bound_at bigint,
    -- JSON: the profile fields of SPEC §6; complete once `profile_completed_at` is set.
    profile text not null default '{}',
    profile_completed_at bigint,
    registered_at bigint not null,
    decided_by text references users (id),
    decided_at bigint,
    updated_at bigint not null
);
create index memberships_by_status on memberships (status, registered_at);

-- Password accepted, WeChat scan pending: the challenge grants nothing but the QR step.
create table member_sign_in_challenges (
    token_hash text primary key,
    membership_id text not null references memberships (id) on delete cascade,
    -- The OAuth state of the WeChat authorization started from this challenge.
    wechat_state text unique,
    wechat_channel text check (wechat_channel in ('wechat', 'wechat_h5')),
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);

create table council_representatives (
    id text primary key,
    membership_id text not null references memberships (id) on delete cascade,
    name text not null,
    position text not null default '',
    mobile_encrypted text not null,
    mobile_masked text not null,
    created_at bigint not null
);
create index council_representatives_by_membership on council_representatives (membership_id, created_at);

-- The dues of a level for a year, in fen.
create table member_fees (
    level_id text not null references member_vocabulary (id),
    year bigint not null,
    amount_fen bigint not null,
    updated_by text references users (id),
    updated_at bigint not null,
    primary key (level_id, year)
);

create table member_payments (
    id text primary key,
    membership_id text not null references memberships (id) on delete cascade,
    org_id text not null references orgs (id) on delete cascade,
    year bigint not null,
    amount_fen bigint not null,
    channel text not null check (channel in ('wechat_native', 'wechat_h5', 'alipay_page', 'alipay_wap', 'offline')),
    -- Online: pending → paid | closed, or flagged for review after a mismatching notify.
    -- Offline: submitted → confirmed | rejected.
    status text not null check (status in ('pending', 'paid', 'closed', 'flagged', 'submitted', 'confirmed', 'rejected')),
    -- Our order number at the gateway (online) and the gateway's transaction id once paid.
    out_trade_no text unique,
    gateway_transaction_id text,
    -- Offline submissions: when and from which account the transfer was made.
    paid_on text,
    payer_account text,
    bank_serial text,
    voucher_media_id text references media (id),
    reject_reason text,
    receipt_no text unique,
    created_by text not null references users (id),
    created_at bigint not null,
    updated_at bigint not null,
    settled_at bigint,
    decided_by text references users (id)
);
create index member_payments_by_membership on member_payments (membership_id, created_at);
create index member_payments_by_status on member_payments (status, created_at);

-- The public status lookup answers a few questions per client address per hour.
create table member_lookup_throttle (
    ip text primary key,
    window_started_at bigint not null,
    window_count bigint not null
);
