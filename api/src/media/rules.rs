//! What each kind of material accepts (SPEC §4 table), decided by the bytes: the real type
//! from magic numbers (`infer`), image dimensions from the headers only (`image`, nothing is
//! decoded, so a decompression bomb costs nothing), MP4 width, height, codec and duration from
//! the container (`mp4`). Failures name the expected value and the actual one.

use std::io::{Read, Seek, SeekFrom};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaPurpose {
    ProviderLogo,
    CourseCover,
    CourseVideo,
    LongImage,
    PaymentVoucher,
    LecturerPhoto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Mp4,
    Pdf,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Mp4 => "video/mp4",
            Format::Pdf => "application/pdf",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg/jpeg",
            Format::Png => "png",
            Format::Mp4 => "mp4 (H.264)",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub formats: &'static [Format],
    pub max_bytes: u64,
    /// The display size of the manual: exact, or larger with the same aspect ratio (±1%).
    pub dimensions: Option<(u32, u32)>,
}

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;
/// No image may exceed this many pixels, whatever its purpose (a bomb for whoever decodes: a
/// 72-byte PNG can claim 13.7 gigapixels). A phone's long screenshot (1080 × 18000) fits.
const MAX_PIXELS: u64 = 20_000_000;
/// What decoding one image may allocate (20 MP as RGBA is 80 MB).
const MAX_DECODE_BYTES: u64 = 96 * 1024 * 1024;

impl MediaPurpose {
    pub fn rule(self) -> Rule {
        use Format::*;
        match self {
            MediaPurpose::ProviderLogo => {
                Rule { formats: &[Jpeg, Png], max_bytes: 100 * KB, dimensions: Some((185, 74)) }
            }
            MediaPurpose::CourseCover => {
                Rule { formats: &[Jpeg, Png], max_bytes: 100 * KB, dimensions: Some((386, 240)) }
            }
            MediaPurpose::CourseVideo => {
                Rule { formats: &[Mp4], max_bytes: 150 * MB, dimensions: Some((655, 368)) }
            }
            MediaPurpose::LongImage => {
                Rule { formats: &[Jpeg, Png], max_bytes: 2 * MB, dimensions: None }
            }
            MediaPurpose::PaymentVoucher => {
                Rule { formats: &[Jpeg, Png, Pdf], max_bytes: 5 * MB, dimensions: None }
            }
            MediaPurpose::LecturerPhoto => {
                Rule { formats: &[Jpeg, Png], max_bytes: 200 * KB, dimensions: None }
            }
        }
    }
}

/// What the bytes turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    pub format: Format,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_ms: Option<u64>,
}

fn refuse(code: &str) -> FieldError {
    FieldError::new("file", code)
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= MB { format!("{} MB", bytes / MB) } else { format!("{} KB", bytes.div_ceil(KB)) }
}

/// Checks a file of `size` bytes for `purpose`.
pub fn inspect(
    purpose: MediaPurpose,
    size: u64,
    mut file: impl Read + Seek,
) -> Result<Inspected, FieldError> {
    let rule = purpose.rule();
    if size > rule.max_bytes {
        return Err(refuse("media_too_large")
            .with_param("max", human_size(rule.max_bytes))
            .with_param("actual", human_size(size)));
    }
    let mut head = [0u8; 8192];
    let read = read_up_to(&mut file, &mut head).map_err(|_| refuse("media_unreadable"))?;
    let format = sniff(&head[..read]);
    let expected = rule.formats.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ");
    let Some(format) = format.filter(|f| rule.formats.contains(f)) else {
        let actual = infer::get(&head[..read]).map_or("unknown", |kind| kind.extension());
        return Err(refuse("media_type")
            .with_param("expected", expected)
            .with_param("actual", actual));
    };
    file.seek(SeekFrom::Start(0)).map_err(|_| refuse("media_unreadable"))?;
    let inspected = match format {
        Format::Jpeg | Format::Png => {
            let image_format = if format == Format::Png {
                image::ImageFormat::Png
            } else {
                image::ImageFormat::Jpeg
            };
            let (width, height) =
                image::ImageReader::with_format(std::io::BufReader::new(&mut file), image_format)
                    .into_dimensions()
                    .map_err(|_| refuse("media_unreadable"))?;
            let inspected =
                Inspected { format, width: Some(width), height: Some(height), duration_ms: None };
            // The header's claims are checked before a pixel is decoded; then the whole image
            // is decoded within allocation limits, so a cut or corrupt file is refused here,
            // not shown broken on a public page.
            check_dimensions(&rule, &inspected)?;
            file.seek(SeekFrom::Start(0)).map_err(|_| refuse("media_unreadable"))?;
            decode_fully(&mut file, image_format, format)?;
            inspected
        }
        Format::Mp4 => {
            let (h264, width, height, duration_ms) =
                mp4_video(&mut std::io::BufReader::new(&mut file))
                    .ok_or_else(|| refuse("media_unreadable"))?;
            if !h264 {
                return Err(refuse("media_type")
                    .with_param("expected", expected)
                    .with_param("actual", "mp4 (not H.264)"));
            }
            Inspected {
                format,
                width: Some(u32::from(width)),
                height: Some(u32::from(height)),
                duration_ms: Some(duration_ms),
            }
        }
        Format::Pdf => Inspected { format, width: None, height: None, duration_ms: None },
    };
    check_dimensions(&rule, &inspected)?;
    Ok(inspected)
}

/// Decodes the whole image within `MAX_DECODE_BYTES`; anything the decoder cannot finish (a
/// truncated file, corrupt data) is unreadable. A JPEG must also end with its EOI marker: some
/// decoders fill a cut-off scan with grey rather than fail.
fn decode_fully(
    file: &mut (impl Read + Seek),
    image_format: image::ImageFormat,
    format: Format,
) -> Result<(), FieldError> {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader =
        image::ImageReader::with_format(std::io::BufReader::new(&mut *file), image_format);
    reader.limits(limits);
    reader.decode().map_err(|_| refuse("media_unreadable"))?;
    if format == Format::Jpeg {
        let mut tail = [0u8; 2];
        file.seek(SeekFrom::End(-2)).map_err(|_| refuse("media_unreadable"))?;
        file.read_exact(&mut tail).map_err(|_| refuse("media_unreadable"))?;
        if tail != [0xFF, 0xD9] {
            return Err(refuse("media_unreadable"));
        }
    }
    Ok(())
}

/// The first video track of an MP4, read with Mozilla's `mp4parse` (which allocates fallibly
/// and refuses malformed boxes): whether it is H.264, its size and its duration in ms.
fn mp4_video(file: &mut impl Read) -> Option<(bool, u16, u16, u64)> {
    let context = mp4parse::read_mp4(file).ok()?;
    let video = context.tracks.iter().find(|t| t.track_type == mp4parse::TrackType::Video)?;
    let entry = video.stsd.as_ref()?.descriptions.iter().find_map(|d| match d {
        mp4parse::SampleEntry::Video(v) => Some(v),
        _ => None,
    })?;
    let duration_ms = match (&video.duration, &video.timescale) {
        (Some(duration), Some(scale)) if scale.0 > 0 => {
            u64::try_from(u128::from(duration.0) * 1000 / u128::from(scale.0)).unwrap_or(u64::MAX)
        }
        _ => 0,
    };
    Some((entry.codec_type == mp4parse::CodecType::H264, entry.width, entry.height, duration_ms))
}

fn read_up_to(file: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn sniff(head: &[u8]) -> Option<Format> {
    match infer::get(head)?.mime_type() {
        "image/jpeg" => Some(Format::Jpeg),
        "image/png" => Some(Format::Png),
        "video/mp4" => Some(Format::Mp4),
        "application/pdf" => Some(Format::Pdf),
        _ => None,
    }
}

/// SPEC §4: exact, or larger with the same aspect ratio (±1%).
fn check_dimensions(rule: &Rule, inspected: &Inspected) -> Result<(), FieldError> {
    let (Some(width), Some(height)) = (inspected.width, inspected.height) else { return Ok(()) };
    let actual = format!("{width}×{height}");
    // Every purpose: a fixed size "or larger with the same shape" is no bound at all.
    if inspected.format != Format::Mp4 && u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(refuse("media_dimensions_too_large").with_param("actual", actual));
    }
    match rule.dimensions {
        Some((expected_w, expected_h)) => {
            let expected_ratio = f64::from(expected_w) / f64::from(expected_h);
            let ratio = f64::from(width) / f64::from(height.max(1));
            let same_shape = ((ratio - expected_ratio) / expected_ratio).abs() <= 0.01;
            if (width, height) == (expected_w, expected_h)
                || (width >= expected_w && height >= expected_h && same_shape)
            {
                Ok(())
            } else {
                Err(refuse("media_dimensions")
                    .with_param("expected", format!("{expected_w}×{expected_h}"))
                    .with_param("actual", actual))
            }
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use image::{ImageBuffer, ImageFormat, Rgb};

    use super::*;

    #[test]
    fn mp4_boxes_that_made_the_old_parser_loop_forever_are_refused_at_once() {
        // Inputs the `media_headers` fuzz target found in the `mp4` crate this replaced (first
        // byte: the purpose selector): a size-0 box inside `moov`; a 6-byte box inside
        // `udta/meta`; a header whose sizes overflowed that crate's arithmetic. `mp4parse` reads
        // or refuses each at once; none is a course video.
        let inputs: [&[u8]; 3] = [
            include_bytes!("../../../fuzz/corpus/media_headers/regression-mp4-zero-size-child"),
            include_bytes!(
                "../../../fuzz/corpus/media_headers/regression-mp4-meta-child-too-small"
            ),
            // Kept outside the corpus: fuzz builds abort on any panic, even a caught one.
            include_bytes!("../../fixtures/mp4-header-overflow.bin"),
        ];
        for input in inputs {
            let file = &input[1..];
            let started = std::time::Instant::now();

            let refused = inspect(MediaPurpose::CourseVideo, file.len() as u64, Cursor::new(file));

            let code = refused.unwrap_err().code;
            assert!(
                matches!(code.as_str(), "media_unreadable" | "media_dimensions" | "media_type"),
                "{code}"
            );
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    fn image(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let buffer: ImageBuffer<Rgb<u8>, Vec<u8>> = ImageBuffer::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut bytes = Cursor::new(Vec::new());
        buffer.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    fn check(purpose: MediaPurpose, bytes: &[u8]) -> Result<Inspected, FieldError> {
        inspect(purpose, bytes.len() as u64, Cursor::new(bytes))
    }

    fn code(result: Result<Inspected, FieldError>) -> String {
        result.err().map_or_else(|| "ok".to_owned(), |e| e.code)
    }

    #[test]
    fn a_cover_of_the_manuals_size_or_a_larger_same_shape_is_accepted() {
        assert_eq!(
            code(check(MediaPurpose::CourseCover, &image(386, 240, ImageFormat::Png))),
            "ok"
        );
        assert_eq!(
            code(check(MediaPurpose::CourseCover, &image(772, 480, ImageFormat::Jpeg))),
            "ok"
        );
        assert_eq!(
            code(check(MediaPurpose::ProviderLogo, &image(185, 74, ImageFormat::Png))),
            "ok"
        );
    }

    #[test]
    fn a_cover_of_another_size_is_refused_naming_both_sizes() {
        let err = check(MediaPurpose::CourseCover, &image(400, 300, ImageFormat::Png)).unwrap_err();
        assert_eq!(err.code, "media_dimensions");
        assert_eq!(err.params["expected"], "386×240");
        assert_eq!(err.params["actual"], "400×300");
        assert_eq!(
            code(check(MediaPurpose::CourseCover, &image(193, 120, ImageFormat::Png))),
            "media_dimensions",
            "smaller, same shape"
        );
    }

    #[test]
    fn the_type_comes_from_the_bytes_not_the_name() {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec();
        assert_eq!(code(check(MediaPurpose::PaymentVoucher, &pdf)), "ok");
        let err = check(MediaPurpose::CourseCover, &pdf).unwrap_err();
        assert_eq!(err.code, "media_type");
        assert_eq!(err.params["actual"], "pdf");
        assert_eq!(code(check(MediaPurpose::LongImage, b"not an image at all")), "media_type");
    }

    #[test]
    fn size_limits_hold_per_purpose() {
        let err = inspect(
            MediaPurpose::CourseCover,
            100 * KB + 1,
            Cursor::new(image(386, 240, ImageFormat::Png)),
        )
        .unwrap_err();
        assert_eq!(err.code, "media_too_large");
        assert_eq!(err.params["max"], "100 KB");
        assert_eq!(
            code(inspect(
                MediaPurpose::PaymentVoucher,
                5 * MB + 1,
                Cursor::new(b"%PDF-1.4".to_vec())
            )),
            "media_too_large"
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        // A PNG header claiming 100 000 × 100 000 pixels; nothing is decoded.
        let mut png = image(1, 1, ImageFormat::Png);
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = check(MediaPurpose::LongImage, &png).unwrap_err();
        assert!(
            matches!(err.code.as_str(), "media_dimensions_too_large" | "media_unreadable"),
            "{err:?}"
        );
    }

    #[test]
    fn cut_images_and_images_whose_headers_lie_are_refused_for_every_purpose() {
        // Made with Pillow, then cut or given lying headers (api/fixtures/make_images.py).
        let cut_logo = include_bytes!("../../fixtures/logo-185x74-truncated.png");
        let cut_cover = include_bytes!("../../fixtures/cover-386x240-truncated.jpg");
        assert_eq!(code(check(MediaPurpose::ProviderLogo, cut_logo)), "media_unreadable");
        assert_eq!(code(check(MediaPurpose::CourseCover, cut_cover)), "media_unreadable");
        for (purpose, bytes) in [
            (
                MediaPurpose::ProviderLogo,
                &include_bytes!("../../fixtures/logo-claims-185000x74000.png")[..],
            ),
            (
                MediaPurpose::CourseCover,
                &include_bytes!("../../fixtures/cover-claims-386000x240000.png")[..],
            ),
            (
                MediaPurpose::CourseCover,
                &include_bytes!("../../fixtures/cover-claims-65500x40720.jpg")[..],
            ),
            (
                MediaPurpose::LongImage,
                &include_bytes!("../../fixtures/long-image-claims-65500x26200.jpg")[..],
            ),
        ] {
            assert_eq!(code(check(purpose, bytes)), "media_dimensions_too_large", "{purpose:?}");
        }
    }

    // Made with ffmpeg's test source (see api/fixtures/README.md).
    const VIDEO_655X368: &[u8] = include_bytes!("../../fixtures/video-655x368.mp4");
    const VIDEO_640X360: &[u8] = include_bytes!("../../fixtures/video-640x360.mp4");
    const VIDEO_MPEG4: &[u8] = include_bytes!("../../fixtures/video-mpeg4-656x368.mp4");

    #[test]
    fn the_demo_video_is_a_course_video_browsers_play() {
        // 4:2:0 H.264 with an AAC track, 656×368: the same shape, a pixel wider.
        let demo = include_bytes!("../../assets/demo/course-video-656x368.mp4");
        let video = check(MediaPurpose::CourseVideo, demo).unwrap();
        assert_eq!((video.width, video.height), (Some(656), Some(368)));
        assert!((7_500..=8_500).contains(&video.duration_ms.unwrap()), "{video:?}");
    }

    #[test]
    fn a_course_video_is_an_h264_mp4_of_the_manuals_size() {
        let video = check(MediaPurpose::CourseVideo, VIDEO_655X368).unwrap();
        assert_eq!((video.width, video.height), (Some(655), Some(368)));
        assert_eq!(video.format.content_type(), "video/mp4");
        assert!((900..=1100).contains(&video.duration_ms.unwrap()), "{video:?}");

        let wrong_size = check(MediaPurpose::CourseVideo, VIDEO_640X360).unwrap_err();
        assert_eq!(wrong_size.code, "media_dimensions");
        assert_eq!(wrong_size.params["expected"], "655×368");
        assert_eq!(wrong_size.params["actual"], "640×360");
        let not_h264 = check(MediaPurpose::CourseVideo, VIDEO_MPEG4).unwrap_err();
        assert_eq!(not_h264.code, "media_type");
        assert_eq!(code(check(MediaPurpose::CourseCover, VIDEO_655X368)), "media_type");
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
