-- Cache invalidation across instances (issue 24, P12): a write that changes what a cached
-- response shows bumps its cache's generation here after it commits, and every instance reads
-- the generations each second and forgets its entries when one moved. Entries then live until a
-- change (or a long backstop) instead of being recomputed every few seconds in case another
-- instance changed something.
create table cache_generations (
    name text primary key,
    generation bigint not null
);

insert into cache_generations (name, generation) values ('catalog', 0);
