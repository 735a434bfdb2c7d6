-- What people do with a public course (SPEC §3.5, §5.4): comments with one provider reply,
-- enrollment in live courses within capacity, sign-in during the live window, and on-demand
-- viewing credited from server-side heartbeats.

create table course_comments (
    id text primary key,
    course_id text not null references courses (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    body text not null,
    rating smallint check (rating between 1 and 5),
    hidden smallint not null default 0 check (hidden in (0, 1)),
    hidden_by text references users (id),
    hidden_at bigint,
    reply text,
    replied_by text references users (id),
    replied_at bigint,
    created_at bigint not null
);
create index course_comments_by_course on course_comments (course_id, hidden, created_at);

-- Places taken, kept on the course so one conditional update admits exactly `capacity`.
alter table courses add column enrolled_count bigint not null default 0;

create table course_enrollments (
    course_id text not null references courses (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    created_at bigint not null,
    primary key (course_id, user_id)
);

create table course_sign_ins (
    course_id text not null references courses (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    -- 'qr' (scanned the rotating code on site) or 'button' (an enrolled user, online).
    method text not null check (method in ('qr', 'button')),
    created_at bigint not null,
    primary key (course_id, user_id)
);

-- One viewing of a course video; `credited_ms` never exceeds the video's length.
create table watch_sessions (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    course_id text not null references courses (id) on delete cascade,
    video_ms bigint not null,
    credited_ms bigint not null default 0,
    started_at bigint not null,
    last_beat_at bigint not null,
    -- Set when a newer viewing of the same user starts: one credit stream at a time.
    ended_at bigint
);
create index watch_sessions_by_user on watch_sessions (user_id, ended_at);
create index watch_sessions_by_course on watch_sessions (course_id, user_id);
