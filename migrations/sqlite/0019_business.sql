-- Business correctness under real conditions (issue 20).

-- The sandbox gateways honour the expiry sent with an order: after it the trade cannot be paid.
alter table sandbox_pay_orders add column expires_at bigint;

-- One credit stream per user, whatever arrives at once: viewings left open side by side by
-- the old race are ended (the newest stays), then the database holds the rule.
update watch_sessions set ended_at = last_beat_at
where ended_at is null and exists (
    select 1 from watch_sessions newer
    where newer.user_id = watch_sessions.user_id and newer.ended_at is null
      and (newer.started_at > watch_sessions.started_at
           or (newer.started_at = watch_sessions.started_at and newer.id > watch_sessions.id)));
create unique index watch_sessions_one_open_per_user on watch_sessions (user_id) where ended_at is null;

-- A certificate replaced because the records it states changed (`records_changed`) or by a
-- re-issue (`reissued`), and the serial that replaced it once one is issued.
alter table certificates add column revoke_reason text;
alter table certificates add column superseded_by text;

-- Why the live platform refused a student at the last sync (plain words), cleared once synced.
alter table students add column platform_sync_error text;
-- The class's latest sync job (a background job: large classes outlast a request).
alter table classes add column sync_job_id text;

-- The operator's note when an offline payment's amount differs from the fee and was confirmed
-- anyway.
alter table member_payments add column confirm_note text;

-- The sandbox DingTalk's company directory before Ketang touches it: the company's own
-- departments and three employees, so syncing a class of existing staff (DingTalk answers
-- 60104 to creating them again) is exercised end to end. Class departments start at 101.
insert into sandbox_dingtalk_departments (dept_id, name, source_identifier, created_at) values
    (1, '海南示例科技有限公司', null, 0),
    (2, '行政部', null, 0),
    (3, '销售部', null, 0);
insert into sandbox_dingtalk_users (userid, name, mobile, dept_id, created_at) values
    ('manager0001', '林晓东', '13800000101', '1,2', 0),
    ('staff0002', '陈思思', '13800000102', '3', 0),
    ('staff0003', '王海', '13800000103', '3', 0);

-- Idempotency keys for every POST with an external effect, scoped by an org or by the phone an
-- SMS goes to (no longer only orgs); kept a day.
create table idempotency_records (
    scope text not null,
    idempotency_key text not null,
    request_hash text not null,
    status_code bigint,
    response_body text,
    created_at bigint not null,
    primary key (scope, idempotency_key)
);
insert into idempotency_records (scope, idempotency_key, request_hash, status_code, response_body, created_at)
    select org_id, idempotency_key, request_hash, status_code, response_body, created_at from idempotency_keys;
drop table idempotency_keys;
