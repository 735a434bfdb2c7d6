-- A signed-in user finds the classes that list their phone (the H5 learning-records view).
create index students_by_mobile_hash on students (mobile_hash, status);
