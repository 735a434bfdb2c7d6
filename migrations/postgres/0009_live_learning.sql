-- Live learning (SPEC §5.3, §5.4): classes synced to the live platform, scheduled sessions
-- (each a live there), the viewers pulled back, and each student's effective time.

alter table students add column platform_user_id text;
alter table classes add column records_updated_at bigint;

create table class_sessions (
    id text primary key,
    class_id text not null references classes (id) on delete cascade,
    title text not null,
    -- JSON array of student ids who lecture this session (they get the whole duration).
    lecturer_student_ids text not null default '[]',
    planned_start_at bigint not null,
    planned_end_at bigint not null,
    platform_live_id text,
    -- As the platform reports the live: actual times, duration, status.
    started_at bigint,
    ended_at bigint,
    duration_ms bigint not null default 0,
    live_status bigint not null default 0,
    pulled_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index class_sessions_by_class on class_sessions (class_id, planned_start_at);

-- The last pull's viewer list of a session; a pull replaces it whole.
create table session_viewers (
    id text primary key,
    session_id text not null references class_sessions (id) on delete cascade,
    platform_user_id text,
    student_id text references students (id) on delete set null,
    name text not null,
    live_ms bigint not null,
    playback_ms bigint not null
);
create index session_viewers_by_session on session_viewers (session_id);

create table session_study_times (
    session_id text not null references class_sessions (id) on delete cascade,
    student_id text not null references students (id) on delete cascade,
    effective_ms bigint not null,
    primary key (session_id, student_id)
);

-- The sandbox's DingTalk (dev and tests only).
create table sandbox_dingtalk_departments (
    dept_id bigint primary key,
    name text not null,
    source_identifier text,
    created_at bigint not null
);
create table sandbox_dingtalk_users (
    userid text primary key,
    name text not null,
    mobile text not null unique,
    dept_id text not null,
    created_at bigint not null
);
create table sandbox_dingtalk_lives (
    live_id text primary key,
    title text not null,
    pre_start_time bigint not null,
    pre_end_time bigint not null,
    start_time bigint,
    end_time bigint,
    live_status bigint not null default 0,
    created_at bigint not null
);
create table sandbox_dingtalk_watchers (
    id text primary key,
    live_id text not null,
    userid text,
    name text not null,
    live_ms bigint not null,
    playback_ms bigint not null
);
