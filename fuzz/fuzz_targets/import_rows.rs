//! The student import row parser, on workbooks of arbitrary cells (text and numbers, as a
//! spreadsheet holds them) and on arbitrary bytes: never a panic, and every data row ends up
//! either valid or failed, never both or neither.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use ketang::{pii::PiiCipher, training::students::check_workbook};
use libfuzzer_sys::fuzz_target;

static PII: LazyLock<PiiCipher> = LazyLock::new(|| PiiCipher::new(&[7; 32]));

#[derive(Debug, Arbitrary)]
enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

#[derive(Debug, Arbitrary)]
enum Input {
    Rows(Vec<Vec<Cell>>),
    Bytes(Vec<u8>),
}

fn workbook(rows: &[Vec<Cell>]) -> Option<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["姓名", "性别", "身份证号", "手机号", "文化程度"].into_iter().enumerate() {
        sheet.write_string(0, c as u16, title).ok()?;
    }
    for (r, row) in rows.iter().take(50).enumerate() {
        for (c, cell) in row.iter().take(8).enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(text) => sheet.write_string(r, c, text).ok()?,
                Cell::Number(n) if n.is_finite() => sheet.write_number(r, c, *n).ok()?,
                _ => sheet,
            };
        }
    }
    book.save_to_buffer().ok()
}

fuzz_target!(|input: Input| {
    match input {
        Input::Rows(rows) => {
            let Some(bytes) = workbook(&rows) else { return };
            if let Ok((valid, failed, total)) = check_workbook(&PII, &bytes) {
                assert_eq!(valid + failed, total as usize, "every row is judged once");
            }
        }
        Input::Bytes(bytes) => {
            let _ = check_workbook(&PII, &bytes);
        }
    }
});
