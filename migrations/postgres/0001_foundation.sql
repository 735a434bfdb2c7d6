-- Foundation schema. Portable by construction (ARCHITECTURE.md, TOOLING.md): ids are UUIDv7
-- text, times are BIGINT epoch milliseconds UTC, flags SMALLINT 0/1, money BIGINT fen, JSON is
-- text. sqlx's Any driver cannot decode BOOLEAN on SQLite nor timestamptz/uuid/jsonb on
-- PostgreSQL, so none of those types appear. The sqlite twin of this file has the same
-- meaning; keep them in step.

create table users (
    id text primary key,
    -- Mainland mobile, 11 digits: the sign-in identity (SPEC §1).
    mobile text unique,
    display_name text not null default '',
    -- Argon2id PHC string; null until the user sets a password.
    password_hash text,
    status text not null default 'active' check (status in ('active', 'locked', 'disabled')),
    -- Platform operators only (SPEC §7): super admin, reviewer, auditor.
    admin_role text check (admin_role in ('super', 'reviewer', 'auditor')),
    created_at bigint not null,
    updated_at bigint not null
);

create table orgs (
    id text primary key,
    name text not null unique,
    -- Unified social credit code, 18 characters, unique when present (SPEC §2).
    uscc text unique,
    legal_representative text not null default '',
    address text not null default '',
    contact_phone text not null default '',
    certification text not null default 'uncertified'
        check (certification in ('uncertified', 'certified')),
    certified_by text check (certified_by in ('hainan_gov', 'admin')),
    certified_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create table org_members (
    org_id text not null references orgs (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    role text not null check (role in ('owner', 'admin', 'staff')),
    created_at bigint not null,
    primary key (org_id, user_id)
);
create index org_members_by_user on org_members (user_id);

-- Append-only: the code has no update or delete path for this table (SPEC §7).
create table audit_log (
    id text primary key,
    at bigint not null,
    actor_kind text not null check (actor_kind in ('user', 'admin', 'integrator', 'system')),
    actor_id text,
    org_id text,
    -- Dotted verb, e.g. 'course.approve', 'student.view_pii'.
    action text not null,
    object_type text not null,
    object_id text,
    ip text,
    request_id text,
    details text not null default '{}'
);
create index audit_log_by_time on audit_log (at);
create index audit_log_by_actor on audit_log (actor_id, at);
create index audit_log_by_object on audit_log (object_type, object_id, at);
create index audit_log_by_org on audit_log (org_id, at);

-- Background work shared by every instance: claimed with a conditional update, so two
-- instances never run the same job (ARCHITECTURE.md, "Background jobs").
create table jobs (
    id text primary key,
    kind text not null,
    payload text not null default '{}',
    status text not null default 'queued'
        check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts bigint not null default 0,
    max_attempts bigint not null default 5,
    run_at bigint not null,
    locked_until bigint,
    locked_by text,
    progress_done bigint not null default 0,
    progress_total bigint not null default 0,
    last_error text,
    -- At most one unfinished job per key (e.g. one learning-records pull per class); cleared
    -- when the job finishes.
    dedupe_key text unique,
    org_id text,
    created_at bigint not null,
    updated_at bigint not null,
    finished_at bigint
);
create index jobs_ready on jobs (status, run_at);

-- Message center (SPEC §2): to an org's users, or to one user.
create table messages (
    id text primary key,
    org_id text references orgs (id) on delete cascade,
    user_id text references users (id) on delete cascade,
    kind text not null,
    title text not null,
    body text not null default '',
    object_type text,
    object_id text,
    created_at bigint not null,
    check (org_id is not null or user_id is not null)
);
create index messages_by_org on messages (org_id, created_at);
create index messages_by_user on messages (user_id, created_at);

-- Read state per reader, so one org message can be read by each member separately.
create table message_reads (
    message_id text not null references messages (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    read_at bigint not null,
    primary key (message_id, user_id)
);

-- Course topics (SPEC §3.3: "topic category from a preset list the admin manages"). Disabled,
-- never deleted, once courses use them.
create table categories (
    id text primary key,
    code text not null unique,
    name_zh text not null unique,
    name_en text not null,
    sort_order bigint not null default 0,
    enabled smallint not null default 1 check (enabled in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);
create index categories_listing on categories (enabled, sort_order);

-- The preset list, shaped by the Sanya cross-border e-commerce pilot zone's training needs.
insert into categories (id, code, name_zh, name_en, sort_order, enabled, created_at, updated_at) values
    ('019b7a40-0000-7000-8000-000000000001', 'cross_border_ecommerce', '跨境电商实务', 'Cross-border e-commerce practice', 10, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000002', 'logistics_supply_chain', '国际物流与供应链', 'International logistics and supply chain', 20, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000003', 'payments_fx', '跨境支付与结汇', 'Cross-border payments and FX settlement', 30, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000004', 'customs_compliance', '海关与合规', 'Customs and compliance', 40, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000005', 'digital_marketing', '数字营销', 'Digital marketing', 50, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000006', 'live_commerce', '直播电商', 'Live-stream commerce', 60, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000007', 'languages', '外语与跨文化沟通', 'Languages and cross-cultural communication', 70, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000008', 'management', '企业经营管理', 'Business management', 80, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-000000000009', 'law_policy', '法律法规与政策', 'Law, regulation and policy', 90, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-00000000000a', 'finance_tax', '财税金融', 'Finance and taxation', 100, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-00000000000b', 'digital_skills', '人工智能与数字技能', 'AI and digital skills', 110, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-00000000000c', 'vocational_skills', '职业技能提升', 'Vocational skills', 120, 1, 1767225600000, 1767225600000);
