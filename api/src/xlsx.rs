//! Spreadsheets the product hands out (exports, templates, error reports): one way to build a
//! text-only workbook and one way to send a file for download. And the bounds a workbook that
//! users send must keep before anything parses it (`check_bounds`).

use actix_web::{HttpResponse, http::header};

use crate::error::{ApiError, ApiResult};

pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Parts an xlsx may have (a roster has about ten).
const MAX_PARTS: usize = 256;
/// Decompressed bytes of one worksheet's XML (a 20,000-row roster is about 6 MB).
const MAX_SHEET_BYTES: u64 = 48 * 1024 * 1024;
/// Decompressed bytes of the shared strings, which a parser holds in memory whole.
const MAX_SHARED_STRINGS_BYTES: u64 = 16 * 1024 * 1024;
/// Shared strings (each costs a parser an allocation however short it is).
const MAX_SHARED_STRINGS: u64 = 200_000;
/// Decompressed bytes of any other XML part (styles, workbook, relationships).
const MAX_OTHER_PART_BYTES: u64 = 4 * 1024 * 1024;
/// Decompressed bytes of all XML parts together.
const MAX_TOTAL_BYTES: u64 = 96 * 1024 * 1024;

/// A zip bomb in an xlsx's clothes (a few hundred KB whose shared strings inflate to hundreds of
/// MB, which a parser then holds whole) is refused here, before any parser sees it: every XML
/// part is decompressed into nothing, counting, and the upload is refused (422 naming the
/// limit) as soon as one bound is passed, so the work and memory are bounded whatever the file
/// claims about itself. Images and other binary parts are never parsed and not read.
pub fn check_bounds(bytes: &[u8]) -> ApiResult<()> {
    use std::io::Read;
    let unreadable = || ApiError::invalid("file", "xlsx_unreadable");
    let too_big = |limit: &str| {
        ApiError::Validation(vec![
            crate::error::FieldError::new("file", "xlsx_limit").with_param("limit", limit),
        ])
    };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    if archive.len() > MAX_PARTS {
        return Err(too_big("256 parts"));
    }
    let mut total = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|_| unreadable())?;
        let name = part.name().map_err(|_| unreadable())?.to_ascii_lowercase();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let shared_strings = name.ends_with("sharedstrings.xml");
        let (limit, limit_text) = if shared_strings {
            (MAX_SHARED_STRINGS_BYTES, "16 MB of shared strings")
        } else if name.starts_with("xl/worksheets/") {
            (MAX_SHEET_BYTES, "48 MB per worksheet")
        } else {
            (MAX_OTHER_PART_BYTES, "4 MB per part")
        };
        if part.size() > limit {
            return Err(too_big(limit_text));
        }
        let mut read = 0u64;
        let mut strings = 0u64;
        // The last bytes of the previous chunk, so a `<si` split between two is counted.
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let n = part.read(&mut buffer).map_err(|_| unreadable())?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > limit {
                return Err(too_big(limit_text));
            }
            if shared_strings {
                carry.extend_from_slice(&buffer[..n]);
                strings += carry
                    .windows(4)
                    .filter(|w| w[..3] == *b"<si" && matches!(w[3], b'>' | b' ' | b'/'))
                    .count() as u64;
                let keep = carry.len().min(3);
                carry.drain(..carry.len() - keep);
                if strings > MAX_SHARED_STRINGS {
                    return Err(too_big("200,000 shared strings"));
                }
            }
        }
        total += read;
        if total > MAX_TOTAL_BYTES {
            return Err(too_big("96 MB of XML in all"));
        }
    }
    Ok(())
}

/// A file download named `file_name` (UTF-8, per RFC 6266), never cached.
pub fn download(bytes: Vec<u8>, content_type: &str, file_name: &str) -> HttpResponse {
    let encoded: String = url::form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    let ascii = if content_type == CONTENT_TYPE { "export.xlsx" } else { "download" };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// An xlsx download.
pub fn xlsx_download(bytes: Vec<u8>, file_name: &str) -> HttpResponse {
    download(bytes, CONTENT_TYPE, file_name)
}

/// One sheet: its name, header and rows.
pub type Sheet<'a> = (&'a str, &'a [&'a str], &'a [Vec<String>]);

/// A workbook of sheets, each a bold header row and rows of text cells (so IDs and phones
/// never turn into numbers).
pub fn text_workbook(sheets: &[Sheet<'_>]) -> ApiResult<Vec<u8>> {
    let build = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let text = rust_xlsxwriter::Format::new().set_num_format("@");
        // A cell a user could have typed `=HYPERLINK(…)` into keeps its text but carries
        // Excel's quote prefix, so no spreadsheet ever evaluates it, even after an edit.
        let quoted = text.clone().set_quote_prefix();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (name, header, rows) in sheets {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*name)?;
            for (col, title) in header.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                sheet.write_string_with_format(0, col, *title, &bold)?;
                sheet.set_column_format(col, &text)?;
                let width = title.chars().count().max(8) * 2 + 4;
                sheet.set_column_width(col, u16::try_from(width).unwrap_or(20))?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (col, value) in row.iter().enumerate() {
                    let (r, col) = (
                        u32::try_from(r + 1).unwrap_or(u32::MAX),
                        u16::try_from(col).unwrap_or(u16::MAX),
                    );
                    let format = if could_be_formula(value) { &quoted } else { &text };
                    sheet.write_string_with_format(r, col, value, format)?;
                }
            }
        }
        workbook.save_to_buffer()
    };
    build().map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))
}

/// Spreadsheet formula injection (OWASP "CSV injection"): what a cell may start with to be
/// read as a formula or a DDE call.
fn could_be_formula(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r'])
}
