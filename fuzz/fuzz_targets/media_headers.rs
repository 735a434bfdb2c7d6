//! Upload inspection (magic numbers, image dimensions, MP4 boxes) on arbitrary bytes for every
//! purpose: never a panic, and what passes is one of the purpose's formats.
#![no_main]

use std::io::Cursor;

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

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else { return };
    let purpose = PURPOSES[usize::from(selector) % PURPOSES.len()];
    if let Ok(inspected) = inspect(purpose, file.len() as u64, Cursor::new(file)) {
        assert!(purpose.rule().formats.contains(&inspected.format), "{purpose:?}");
    }
});
