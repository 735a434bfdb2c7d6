-- Password sign-in lockout (SPEC §1): five failures within 15 minutes lock password sign-in
-- for 15 minutes. Counted here, apart from SMS-code failures (which count per code), so
-- guessing codes cannot lock the password out and vice versa.
alter table users add column password_failures bigint not null default 0;
alter table users add column password_failure_window_started_at bigint;
alter table users add column password_locked_until bigint;
