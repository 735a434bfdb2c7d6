-- Webhook deliveries an integrator can rely on and debug (issue 22 items 6–8).

-- Every attempt of a delivery: when, what came back (a bounded excerpt), how long it took.
create table webhook_delivery_attempts (
    id text primary key,
    delivery_id text not null references webhook_deliveries (id) on delete cascade,
    attempted_at bigint not null,
    status_code bigint,
    duration_ms bigint not null,
    error text,
    response_excerpt text
);
create index webhook_delivery_attempts_by_delivery on webhook_delivery_attempts (delivery_id, attempted_at);

-- When a delivery being retried is tried next.
alter table webhook_deliveries add column next_attempt_at bigint;

-- Set when Ketang turned the endpoint off after a delivery failed for about three days
-- (`failing`); cleared when the org turns it on again.
alter table webhook_endpoints add column disabled_reason text;
alter table webhook_endpoints add column disabled_at bigint;

-- Secret rotation: the secret before the last rotation still signs until it expires.
alter table webhook_endpoints add column previous_secret_encrypted text;
alter table webhook_endpoints add column previous_secret_expires_at bigint;

-- 海易办 certification started for one org (issue 21 item 2): the government's company must be
-- that org, or nothing is certified and the user is told.
alter table sso_states add column certify_org_id text;

-- The learner's name (and company) as given at enrollment or sign-in (issue 21 item 13): the
-- lists showed a masked phone under 姓名.
alter table course_enrollments add column attendee_name text;
alter table course_enrollments add column attendee_company text;
alter table course_sign_ins add column attendee_name text;
alter table course_sign_ins add column attendee_company text;
