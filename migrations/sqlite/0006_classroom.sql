-- Cloud classroom (SPEC §3): providers, lecturers, courses. Reviewed content lives in
-- revisions: the approved revision stays listed while a newer one waits for review, and every
-- submission and decision is kept (review history).

create table providers (
    id text primary key,
    -- One provider type per org (SPEC §3.1).
    org_id text not null unique references orgs (id) on delete cascade,
    kind text not null default 'cloud_classroom' check (kind in ('cloud_classroom')),
    -- The approved profile shown publicly; null until the first approval.
    live_revision_id text,
    -- Changes to these apply at once, without review.
    address text not null default '',
    contact_phone text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);

create table provider_revisions (
    id text primary key,
    provider_id text not null references providers (id) on delete cascade,
    number bigint not null,
    name text not null,
    logo_media_id text references media (id),
    intro text not null,
    status text not null check (status in ('pending', 'approved', 'rejected', 'superseded')),
    reject_reason text,
    submitted_by text not null references users (id),
    submitted_at bigint not null,
    decided_by text references users (id),
    decided_at bigint,
    unique (provider_id, number)
);
create index provider_revisions_by_status on provider_revisions (status, submitted_at);

create table lecturers (
    id text primary key,
    provider_id text not null references providers (id) on delete cascade,
    name text not null,
    gender text not null check (gender in ('male', 'female')),
    intro text not null default '',
    photo_media_id text references media (id),
    -- Deleted lecturers stay for the revisions that named them, but leave every picker.
    deleted_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index lecturers_by_provider on lecturers (provider_id, deleted_at);

create table courses (
    id text primary key,
    provider_id text not null references providers (id) on delete cascade,
    -- The approved revision listed publicly; null until the first approval.
    live_revision_id text,
    listed smallint not null default 1 check (listed in (0, 1)),
    -- Bumped by every write: the ETag for If-Match.
    version bigint not null default 1,
    deleted_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index courses_by_provider on courses (provider_id, deleted_at);

create table course_revisions (
    id text primary key,
    course_id text not null references courses (id) on delete cascade,
    number bigint not null,
    status text not null
        check (status in ('draft', 'pending', 'approved', 'rejected', 'superseded')),
    title text not null,
    -- 'video' (recorded), 'external' (training elsewhere, by link) or 'live'.
    delivery text not null check (delivery in ('video', 'external', 'live')),
    training_mode text check (training_mode in ('online', 'offline')),
    category_code text,
    cover_media_id text references media (id),
    video_media_id text references media (id),
    intro text not null default '',
    intro_image_media_id text references media (id),
    external_url text,
    live_starts_at bigint,
    live_ends_at bigint,
    capacity bigint,
    reject_reason text,
    submitted_by text references users (id),
    submitted_at bigint,
    decided_by text references users (id),
    decided_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    unique (course_id, number)
);
create index course_revisions_by_status on course_revisions (status, submitted_at);

create table course_revision_lecturers (
    revision_id text not null references course_revisions (id) on delete cascade,
    lecturer_id text not null references lecturers (id),
    position bigint not null,
    primary key (revision_id, lecturer_id)
);
create index course_revision_lecturers_by_lecturer on course_revision_lecturers (lecturer_id);
