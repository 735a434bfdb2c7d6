-- Single sign-on (SPEC §1): identities at external providers linked to accounts, the
-- single-use `state` of each authorization (10 min), the one-time login codes the callback
-- hands the SPA (tokens never travel in URLs), and pending first logins awaiting the
-- bind-or-create choice.

create table user_identities (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    -- `wechat` covers QR and H5 logins: keyed by unionid when present, so both are one person.
    provider text not null,
    subject text not null,
    display_name text not null default '',
    created_at bigint not null,
    unique (provider, subject)
);
create index user_identities_by_user on user_identities (user_id);

create table sso_states (
    state text primary key,
    provider text not null,
    -- Where the SPA continues after sign-in (a path on this site).
    next_path text not null default '/',
    -- Set when a signed-in user links an identity instead of signing in.
    link_user_id text references users (id) on delete cascade,
    -- OIDC: the PKCE code verifier and the ID-token nonce of this authorization.
    pkce_verifier text,
    nonce text,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);

-- One-time codes the SPA exchanges for a session, and tickets of first SSO logins: both
-- stored hashed, short-lived, single use.
create table sso_handoffs (
    code_hash text primary key,
    kind text not null check (kind in ('login', 'pending')),
    user_id text references users (id) on delete cascade,
    provider text not null,
    subject text,
    display_name text not null default '',
    -- JSON: what the provider said (e.g. the legal person's organization).
    profile text not null default '{}',
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);

-- The sandbox's simulated providers: their test accounts, codes and tokens.
create table sandbox_accounts (
    id text primary key,
    provider text not null,
    subject text not null,
    unionid text,
    nickname text not null,
    -- hainan_gov: 'natural' or 'legal'; legal persons carry their organization.
    kind text,
    org_name text,
    uscc text,
    legal_representative text,
    mobile text,
    unique (provider, subject)
);

create table sandbox_grants (
    token text primary key,
    kind text not null check (kind in ('code', 'access_token')),
    account_id text not null references sandbox_accounts (id) on delete cascade,
    client_id text not null,
    expires_at bigint not null,
    used_at bigint
);
