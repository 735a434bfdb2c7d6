-- Title search in the catalog's order (issue 24, P11): each gram row carries its course's
-- place in the catalog (the live revision's approval time), so a search reads the postings of
-- one gram newest first and stops once the page is full, instead of collecting every title
-- that holds the gram (5 % of the catalog for a common one) and sorting the matches.
alter table catalog_title_grams add column decided_at bigint not null default 0;

update catalog_title_grams set decided_at = coalesce((
    select r.decided_at from courses c join course_revisions r on r.id = c.live_revision_id
    where c.id = catalog_title_grams.course_id), 0);

create index catalog_title_grams_in_order on catalog_title_grams (gram, decided_at, course_id);

-- A title's grams found by course and gram: the page's checks probe a candidate course for a
-- search's other grams, and PostgreSQL took the course-only index for them, reading each
-- course's ~40 grams to find one. The course-only index it replaces served only the deletion
-- of a course's grams, which this one serves as well.
drop index catalog_title_grams_by_course;
create index catalog_title_grams_by_course_gram on catalog_title_grams (course_id, gram);
