//! PDF documents with Chinese text (certificates, receipts): one embedded font — Noto Sans SC
//! cut to the GB 2312 characters (SIL OFL, `assets/fonts`) — that krilla subsets per document.

use krilla::{
    Document,
    color::rgb,
    geom::Point,
    page::PageSettings,
    paint::Fill,
    text::{Font, TextDirection},
};

static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-GB2312.otf");

pub const A4_WIDTH: f32 = 595.0;
pub const A4_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 56.0;

pub fn cjk_font() -> anyhow::Result<Font> {
    Font::new(CJK_FONT.to_vec().into(), 0).ok_or_else(|| anyhow::anyhow!("the embedded CJK font"))
}

/// Text as the embedded font can draw it. The GB 2312 cut has the full-width yen sign
/// (`￥`, GB 2312 A3A4) but not the Latin one (`¥`, U+00A5), which printed as a blank on
/// receipts; it is drawn as the full-width sign, which Chinese receipts use anyway.
pub fn drawable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('¥') { text.replace('¥', "￥").into() } else { text.into() }
}

pub fn black() -> Fill {
    Fill { paint: rgb::Color::new(20, 20, 20).into(), ..Default::default() }
}

/// Lines of text (size in points, text) on as many A4 pages as they need, with `footer` at
/// the bottom of each page.
pub fn text_document(lines: &[(f32, String)], footer: &str) -> anyhow::Result<Vec<u8>> {
    const LINE: f32 = 20.0;
    let font = cjk_font()?;
    let mut document = Document::new();
    let mut remaining = lines;
    let mut first = true;
    while first || !remaining.is_empty() {
        first = false;
        let mut page = document.start_page_with(
            PageSettings::from_wh(A4_WIDTH, A4_HEIGHT)
                .ok_or_else(|| anyhow::anyhow!("page size"))?,
        );
        let mut surface = page.surface();
        surface.set_fill(Some(black()));
        let mut y = MARGIN;
        let mut used = 0;
        for (size, text) in remaining {
            if y + size + LINE > A4_HEIGHT - MARGIN {
                break;
            }
            y += size + 10.0;
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font.clone(),
                *size,
                &drawable(text),
                false,
                TextDirection::Auto,
            );
            used += 1;
        }
        surface.draw_text(
            Point::from_xy(MARGIN, A4_HEIGHT - MARGIN / 2.0),
            font.clone(),
            8.0,
            &drawable(footer),
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
        remaining = &remaining[used.max(1).min(remaining.len())..];
    }
    document.finish().map_err(|e| anyhow::anyhow!("pdf: {e:?}"))
}

/// `¥1,234.50` from fen, as receipts and messages print money.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}¥{grouped}.{:02}", fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_in_yuan_with_grouping() {
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(123_450), "¥1,234.50");
        assert_eq!(yuan(100_000_000), "¥1,000,000.00");
        assert_eq!(yuan(-250), "-¥2.50");
    }
}
