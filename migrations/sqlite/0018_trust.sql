-- Trust (issue 18): bounded password attempts, browser-bound SSO states, sessions that know how
-- they were started, proven member accounts, one identity per provider per account.

-- Requests per client address over a window, per feature bucket (`password`, `client_reports`).
create table address_quotas (
    bucket text not null,
    ip text not null,
    window_started_at bigint not null,
    window_count bigint not null,
    primary key (bucket, ip)
);

-- Password lockout keyed by what was typed (a keyed hash of the phone or member account), so an
-- unknown phone is counted and locked exactly like a registered one.
create table password_lockouts (
    target text primary key,
    failures bigint not null default 0,
    window_started_at bigint not null,
    locked_until bigint
);

-- The keyed hash of the cookie of the browser that started the flow (RFC 6749 §10.12): the
-- callback must come back to that browser.
alter table sso_states add column browser_hash text;
alter table member_sign_in_challenges add column browser_hash text;

-- How the session (token family) was started: `sms`, `password`, an SSO provider, or `member`
-- (the member sign-in: password and WeChat). Some acts need a particular one.
alter table refresh_tokens add column method text not null default 'unknown';

-- When the account a member sign-in opens was proven to be the registrant's: the contact mobile
-- by SMS code at registration, or the signed-in owner who applied from the user center. Older
-- rows are proven when the registration created that account, or when an existing org applied.
alter table memberships add column account_proven_at bigint;
update memberships set account_proven_at = registered_at
where exists (
    select 1 from users u
    where u.id = memberships.account_user_id and u.created_at >= memberships.registered_at - 60000
) or exists (
    select 1 from orgs o
    where o.id = memberships.org_id and o.created_at < memberships.registered_at - 60000
);

-- One identity per provider per account: a second WeChat could be linked beside the first,
-- and unlinking by provider removed both. Keep the first linked of any duplicates.
delete from user_identities
where exists (
    select 1 from user_identities older
    where older.user_id = user_identities.user_id and older.provider = user_identities.provider
      and (older.created_at < user_identities.created_at
           or (older.created_at = user_identities.created_at and older.id < user_identities.id))
);
create unique index user_identities_one_per_provider on user_identities (user_id, provider);

-- The member status lookup counts in address_quotas now.
drop table member_lookup_throttle;

-- When an org's certification by its legal person (海易办) superseded a member's unverified
-- claim: no access until the owner keeps them (a role) or removes them.
alter table org_members add column suspended_at bigint;

-- Import error reports kept full ID numbers and phones of the failed rows: the new ones keep
-- them masked, and these old ones go.
update student_imports set error_report = null;
