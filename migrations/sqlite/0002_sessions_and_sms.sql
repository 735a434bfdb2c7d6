-- Sign-in by phone: SMS codes, their throttles, and refresh-token sessions (SPEC §1).
-- Limits live in the database so they hold across instances.

alter table users add column agreed_terms_at bigint;

-- One row per code sent. The code itself is never stored: only a keyed hash.
create table sms_codes (
    id text primary key,
    phone text not null,
    purpose text not null check (purpose in ('login', 'bind', 'reset')),
    code_hash text not null,
    attempts bigint not null default 0,
    created_at bigint not null,
    expires_at bigint not null,
    consumed_at bigint
);
create index sms_codes_by_phone on sms_codes (phone, purpose, created_at);

-- Per-phone throttle: one code per 60 s, ten per rolling day window. Updated with a
-- conditional upsert, so two concurrent requests cannot both pass.
create table sms_phone_throttle (
    phone text primary key,
    last_sent_at bigint not null,
    window_started_at bigint not null,
    window_count bigint not null
);

-- Per-IP throttle over an hourly window.
create table sms_ip_throttle (
    ip text primary key,
    window_started_at bigint not null,
    window_count bigint not null
);

-- What the sandbox SMS gateway "delivered", so tests and demos can read a code.
create table sandbox_sms_outbox (
    id text primary key,
    phone text not null,
    purpose text not null,
    code text not null,
    created_at bigint not null
);
create index sandbox_sms_outbox_by_phone on sandbox_sms_outbox (phone, created_at);

-- Refresh tokens, stored hashed. A family is one sign-in; each refresh rotates to a new
-- token of the family, and presenting a rotated token again revokes the whole family.
create table refresh_tokens (
    id text primary key,
    family_id text not null,
    user_id text not null references users (id) on delete cascade,
    token_hash text not null unique,
    created_at bigint not null,
    expires_at bigint not null,
    rotated_at bigint,
    revoked_at bigint
);
create index refresh_tokens_by_family on refresh_tokens (family_id);
create index refresh_tokens_by_user on refresh_tokens (user_id);
