-- Temporary-post subsidy applications (SPEC §5.5): rules the admin sets, and one application
-- per class (re-applied after a rejection) with the amount and qualified students as computed.

create table subsidy_rules (
    id text primary key,
    -- Effective live time a student needs to qualify.
    threshold_ms bigint not null,
    amount_per_student_fen bigint not null,
    updated_by text references users (id),
    updated_at bigint not null
);
insert into subsidy_rules (id, threshold_ms, amount_per_student_fen, updated_at)
    values ('default', 28800000, 50000, 1767225600000);

create table subsidy_applications (
    id text primary key,
    class_id text not null unique references classes (id) on delete cascade,
    org_id text not null references orgs (id) on delete cascade,
    status text not null check (status in ('pending', 'approved', 'rejected')),
    threshold_ms bigint not null,
    amount_per_student_fen bigint not null,
    qualified_count bigint not null,
    amount_fen bigint not null,
    -- JSON: [{student_id, name, live_ms}] as computed when applying.
    qualified_students text not null,
    note text,
    applied_by text not null references users (id),
    applied_at bigint not null,
    decided_by text references users (id),
    decided_at bigint
);
create index subsidy_applications_by_status on subsidy_applications (status, applied_at);
