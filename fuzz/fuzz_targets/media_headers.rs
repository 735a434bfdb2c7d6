//! Upload inspection (magic numbers, image dimensions, MP4 boxes) on arbitrary bytes for every
//! purpose: never a panic, and what passes is one of the purpose's formats.
#![no_main]

use std::{io::Cursor, sync::Once};

use ketang::media::rules::{MediaPurpose, inspect};
use libfuzzer_sys::fuzz_target;

const PURPOSES: [MediaPurpose; 6] = [
    MediaPurpose::ProviderLogo,
    MediaPurpose::CourseCover,
    MediaPurpose::CourseVideo,
    MediaPurpose::LongImage,
    MediaPurpose::PaymentVoucher,
    MediaPurpose::LecturerPhoto,
];

static QUIET_PANICS: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // `inspect` catches panics inside the mp4 crate and calls the file unreadable, as the
    // server does; libfuzzer-sys's panic hook would abort on them even so. Without it, a panic
    // that escapes `inspect` still aborts (libfuzzer-sys catches the unwind and aborts), only
    // without its message.
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&selector, file)) = data.split_first() else { return };
    let purpose = PURPOSES[usize::from(selector) % PURPOSES.len()];
    if let Ok(inspected) = inspect(purpose, file.len() as u64, Cursor::new(file)) {
        assert!(purpose.rule().formats.contains(&inspected.format), "{purpose:?}");
    }
});
