-- Training classes and their students (SPEC §5.1, §5.2).

-- Class types: an admin-managed list.
create table class_types (
    id text primary key,
    code text not null unique,
    name_zh text not null unique,
    name_en text not null,
    sort_order bigint not null default 0,
    enabled smallint not null default 1 check (enabled in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);
insert into class_types (id, code, name_zh, name_en, sort_order, enabled, created_at, updated_at) values
    ('019b7a40-0000-7000-8000-0000000e0001', 'enterprise_staff', '企业职工培训', 'Enterprise staff training', 10, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-0000000e0002', 'apprenticeship', '新型学徒制培训', 'Apprenticeship training', 20, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-0000000e0003', 'skills_upgrade', '职业技能提升培训', 'Vocational skills upgrade', 30, 1, 1767225600000, 1767225600000),
    ('019b7a40-0000-7000-8000-0000000e0004', 'entrepreneurship', '创业培训', 'Entrepreneurship training', 40, 1, 1767225600000, 1767225600000);

-- The last sequence number given per region and year: one upsert allocates the next.
create table class_code_sequences (
    region text not null,
    year bigint not null,
    last_value bigint not null,
    primary key (region, year)
);

create table classes (
    id text primary key,
    org_id text not null references orgs (id) on delete cascade,
    name text not null,
    code text not null unique,
    class_type_code text not null references class_types (code),
    training_mode text not null check (training_mode in ('live')),
    platform text not null check (platform in ('dingtalk')),
    -- Set once synced to the live platform.
    platform_department_id text,
    synced_at bigint,
    created_by text references users (id),
    deleted_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index classes_by_org on classes (org_id, deleted_at, created_at);

create table students (
    id text primary key,
    class_id text not null references classes (id) on delete cascade,
    name text not null,
    gender text not null check (gender in ('male', 'female')),
    -- Personal data: AES-GCM ciphertext, keyed hash (uniqueness), masked copy (lists).
    resident_id_encrypted text not null,
    resident_id_hash text not null,
    resident_id_masked text not null,
    mobile_encrypted text not null,
    mobile_hash text not null,
    mobile_masked text not null,
    education text not null,
    status text not null default 'inactive' check (status in ('inactive', 'active')),
    activated_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    unique (class_id, resident_id_hash)
);
create index students_by_class on students (class_id, status, created_at);
create index students_by_mobile on students (class_id, mobile_hash);

-- Student imports: the outcome and, when rows failed, the error report to download.
create table student_imports (
    id text primary key,
    class_id text not null references classes (id) on delete cascade,
    created_by text not null references users (id),
    total_rows bigint not null,
    imported bigint not null,
    failed bigint not null,
    error_report blob,
    created_at bigint not null
);
