//! Spreadsheets the product hands out (exports, templates, error reports): one way to build a
//! text-only workbook and one way to send a file for download.

use actix_web::{HttpResponse, http::header};

use crate::error::{ApiError, ApiResult};

pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
