//! Media (SPEC §4): the material rules — what each purpose accepts, decided by the file's
//! bytes. Upload sessions, storage and serving build on `rules::inspect` (issue 4).

pub mod rules;
