-- A class's student counts kept by the writes that change them (issue 24, P8): the class list
-- counted every student of every class on its page, twice, on each request (a page with a
-- 1,000-student class read 2,000 index entries). Imports add, activations move one to the
-- active count, deletions (of students not yet active) subtract, in the same transaction.
alter table classes add column student_count bigint not null default 0;
alter table classes add column active_student_count bigint not null default 0;

update classes set
    student_count = (select count(*) from students s where s.class_id = classes.id),
    active_student_count =
        (select count(*) from students s where s.class_id = classes.id and s.status = 'active');
