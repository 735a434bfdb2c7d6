-- Read paths that stay fast as data grows (issue 24, P8 and P11).
--
-- Title search: every one- and two-character piece ("gram") of each course's live title,
-- compared in lower case (ASCII letters, as SQLite's LIKE compares them). A search looks up at
-- most three grams and confirms the substring on the few titles holding them
-- (api/src/classroom/title_search.rs says why not trigrams: Chinese searches of one or two
-- characters are the common ones, and trigram indexes cannot answer them).
create table catalog_titles (
    course_id text primary key references courses (id),
    title text not null
);

create table catalog_title_grams (
    gram text not null,
    course_id text not null references courses (id),
    primary key (gram, course_id)
);
create index catalog_title_grams_by_course on catalog_title_grams (course_id);

insert into catalog_titles (course_id, title)
select c.id, lower(trim(r.title))
from courses c join course_revisions r on r.id = c.live_revision_id;

with recursive piece (course_id, title, i) as (
    select course_id, title, 1 from catalog_titles where length(title) > 0
    union all
    select course_id, title, i + 1 from piece where i < length(title)
)
insert into catalog_title_grams (gram, course_id)
select substr(title, i, 1), course_id from piece
union
select substr(title, i, 2), course_id from piece where i < length(title);

-- The catalog's order (newest approval first) read along an index instead of sorting every
-- public course for each page, and the live revision's course found by index.
create index course_revisions_by_decision on course_revisions (decided_at, course_id);
create index courses_by_live_revision on courses (live_revision_id);

-- A class's students page by page in the order they were added, read along an index (the
-- (class_id, status, created_at) one serves a status filter, not the unfiltered list).
create index students_by_class_in_order on students (class_id, created_at, id);
