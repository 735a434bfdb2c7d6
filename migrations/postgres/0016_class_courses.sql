-- A training class links cloud-classroom courses: its students' on-demand (点播) time on them
-- is shown beside their live time, never counted towards hours (SPEC §5.4).
create table class_courses (
    class_id text not null references classes (id) on delete cascade,
    course_id text not null references courses (id) on delete cascade,
    linked_at bigint not null,
    primary key (class_id, course_id)
);
create index class_courses_by_course on class_courses (course_id);
