-- Media (SPEC §4): stored files, content-addressed by SHA-256 (the same bytes are stored
-- once; a media row per upload owner and purpose), and resumable upload sessions.

create table media (
    id text primary key,
    owner_user_id text not null references users (id) on delete cascade,
    org_id text references orgs (id) on delete set null,
    purpose text not null,
    sha256 text not null,
    size bigint not null,
    content_type text not null,
    width bigint,
    height bigint,
    duration_ms bigint,
    file_name text not null,
    -- 'public' (logos, covers: cacheable by anyone) or 'private' (vouchers, videos: signed URLs).
    visibility text not null check (visibility in ('public', 'private')),
    created_at bigint not null
);
create index media_by_sha256 on media (sha256);

create table uploads (
    id text primary key,
    owner_user_id text not null references users (id) on delete cascade,
    org_id text references orgs (id) on delete cascade,
    purpose text not null,
    file_name text not null,
    size bigint not null,
    sha256 text not null,
    chunk_size bigint not null,
    status text not null default 'open' check (status in ('open', 'completed')),
    media_id text references media (id),
    created_at bigint not null,
    expires_at bigint not null
);
create index uploads_by_expiry on uploads (status, expires_at);

create table upload_chunks (
    upload_id text not null references uploads (id) on delete cascade,
    n bigint not null,
    size bigint not null,
    primary key (upload_id, n)
);
