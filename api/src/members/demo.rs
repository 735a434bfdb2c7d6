//! Demo data for `serve --demo`: the fee schedule of this year and last for every member level,
//! so a unit that registers and is approved sees its dues at once.

use super::store;
use crate::{db::now_ms, state::AppState};

/// Yuan per level: 会员 2,000 · 理事 5,000 · 常务理事 8,000 · 副秘书长 10,000 · 副理事长 20,000 · 顾问 3,000.
const FEES_FEN: &[(&str, i64)] = &[
    ("lv-member", 200_000),
    ("lv-council", 500_000),
    ("lv-standing", 800_000),
    ("lv-vice-secretary", 1_000_000),
    ("lv-vice-president", 2_000_000),
    ("lv-adviser", 300_000),
];

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let year = i64::from(time::OffsetDateTime::now_utc().year());
    let now = now_ms();
    for year in [year - 1, year] {
        for (level, fen) in FEES_FEN {
            store::insert_fee_if_absent(&state.db, level, year, *fen, now).await?;
        }
    }
    Ok(())
}
