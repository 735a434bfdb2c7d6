-- A class's unmatched viewers (the records page's "not matched to a student" list) without
-- reading anyone else's. The list asked for `student_id is null`, and the only index on that
-- column, by student, holds every unmatched viewer of every class of every org: the planner
-- searched it for NULL and then dropped the rows of other classes, so each records page cost
-- grew with the platform's unmatched viewers (a DingTalk directory full of employees who are
-- not students leaves thousands per session). The index by session now goes on to the student,
-- so "this session's unmatched viewers" and "this session's rows of this student" are each one
-- index search; the index by student holds matched viewers only (a student's deletion, `on
-- delete set null`, asks `student_id = ?`, which implies `is not null`), so it never offers
-- the NULL search again.
drop index session_viewers_by_session;
create index session_viewers_by_session on session_viewers (session_id, student_id);
drop index session_viewers_by_student;
create index session_viewers_by_student on session_viewers (student_id) where student_id is not null;
