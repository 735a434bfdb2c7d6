-- The class list's total without counting (issue 24, P8): the first page of an org's classes
-- counted every class of the org on each request (1,000 index entries, the largest part of the
-- request's database time). The org's count of classes not deleted is kept by class creation and
-- deletion, in their transaction. The page's index gains `id`, the list's tie-break, so a page is
-- read in index order and stops after its rows instead of sorting runs of equal `created_at`.
alter table orgs add column class_count bigint not null default 0;

update orgs set
    class_count = (select count(*) from classes c where c.org_id = orgs.id and c.deleted_at is null);

drop index classes_by_org;
create index classes_by_org on classes (org_id, deleted_at, created_at, id);
