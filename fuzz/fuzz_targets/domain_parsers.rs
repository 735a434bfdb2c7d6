//! USCC, resident ID and mobile parsing: never a panic on any text, and what parses is
//! canonical (parsing its own form again gives the same value).
#![no_main]

use ketang::domain::{Mobile, ResidentId, Uscc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(uscc) = Uscc::parse(input) {
        assert!(Uscc::parse(uscc.as_ref()).is_ok_and(|again| again == uscc));
        assert_eq!(uscc.organization_code().len(), 10);
    }
    if let Ok(id) = ResidentId::parse(input) {
        assert!(ResidentId::parse(id.as_ref()).is_ok_and(|again| again == id));
        let _ = (id.birth_date(), id.gender(), id.masked());
    }
    if let Ok(mobile) = Mobile::parse(input) {
        assert!(Mobile::parse(mobile.as_ref()).is_ok_and(|again| again == mobile));
        assert_eq!(mobile.masked().chars().count(), 11);
    }
});
