-- Student indexes that cost every import more than they served (bench P4):
-- * no query looks students up by class and mobile hash;
-- * the one look-up by mobile hash (a signed-in user's own classes) asks for active students
--   only, so the index holds those alone: imported students (inactive) add no entry until
--   they are activated.
drop index students_by_mobile;
drop index students_by_mobile_hash;
create index students_active_by_mobile_hash on students (mobile_hash) where status = 'active';
