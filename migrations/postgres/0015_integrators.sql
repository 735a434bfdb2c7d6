-- Integrator access (SPEC §9, issue 8): an org's API keys and OAuth2 client-credentials
-- clients (secrets stored hashed, scopes, expiry, revocation, per-minute limits, usage), the
-- access tokens clients get, and outbound webhooks with their delivery log.

create table api_clients (
    id text primary key,
    org_id text not null references orgs (id) on delete cascade,
    kind text not null check (kind in ('api_key', 'oauth_client')),
    name text not null,
    -- The visible part: an API key's prefix, or an OAuth client's client_id.
    public_id text not null unique,
    secret_hash text not null,
    -- JSON array of scopes (`courses:read`, `classes:write`, …).
    scopes text not null,
    rate_limit_per_minute bigint not null,
    expires_at bigint,
    revoked_at bigint,
    created_by text not null references users (id),
    created_at bigint not null,
    last_used_at bigint,
    use_count bigint not null default 0,
    window_started_at bigint,
    window_count bigint not null default 0
);
create index api_clients_by_org on api_clients (org_id, created_at);

create table api_client_tokens (
    token_hash text primary key,
    client_id text not null references api_clients (id) on delete cascade,
    scopes text not null,
    created_at bigint not null,
    expires_at bigint not null
);

create table webhook_endpoints (
    id text primary key,
    org_id text not null references orgs (id) on delete cascade,
    url text not null,
    -- JSON array of event names.
    events text not null,
    -- The signing secret, sealed like personal data (it must be read to sign).
    secret_encrypted text not null,
    active smallint not null default 1,
    created_by text not null references users (id),
    created_at bigint not null,
    updated_at bigint not null
);
create index webhook_endpoints_by_org on webhook_endpoints (org_id, created_at);

create table webhook_deliveries (
    id text primary key,
    endpoint_id text not null references webhook_endpoints (id) on delete cascade,
    org_id text not null references orgs (id) on delete cascade,
    event text not null,
    payload text not null,
    status text not null check (status in ('pending', 'succeeded', 'failed')),
    attempts bigint not null default 0,
    last_status_code bigint,
    last_error text,
    created_at bigint not null,
    last_attempt_at bigint,
    delivered_at bigint
);
create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, created_at);
