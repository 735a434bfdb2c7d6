-- A class's records as the class grows (bench P11: 3,000 students × 30 sessions). The records
-- page summed every student's study rows and counted every session's viewers on each read, and
-- deleting a student checked its viewer rows (the `on delete set null` foreign key) with no index
-- by student: each went through every row of the table. Each student's total and each session's
-- viewer count are now kept by the pull that writes them, in the same transaction.
create index session_study_times_by_student on session_study_times (student_id, effective_ms);
create index session_viewers_by_student on session_viewers (student_id);

alter table students add column live_ms bigint not null default 0;
alter table students add column sessions_attended bigint not null default 0;
alter table class_sessions add column viewer_count bigint not null default 0;

update students set
    live_ms = coalesce((select sum(t.effective_ms) from session_study_times t
                        where t.student_id = students.id), 0),
    sessions_attended = (select count(*) from session_study_times t
                         where t.student_id = students.id);
update class_sessions set
    viewer_count = (select count(*) from session_viewers v where v.session_id = class_sessions.id);
