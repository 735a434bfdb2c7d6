//! Training's SQL: one module per use-case file beside it (`classes.rs` → `store/classes.rs`,
//! …), one named function per statement. Students' personal data comes in already sealed
//! (`students::check_student`) and goes out sealed or masked: decrypting it is the handlers'.

pub mod certificate;
pub mod classes;
pub mod demo;
pub mod linked_courses;
pub mod live;
pub mod my_records;
pub mod students;
pub mod subsidy;
