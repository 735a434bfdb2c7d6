//! `ketang pii rotate`: re-seals every personal datum (and webhook secret) under the new
//! personal-data key, and recomputes the keyed hashes that find them, in one transaction —
//! all of it under the new key, or (on any error) none.
//!
//! Run it with `KETANG_PII__KEY` the new key and `KETANG_PII__PREVIOUS_KEY` the old one, with
//! the servers stopped or already configured with both keys: they read what either key
//! sealed, but look values up by the new key's hashes, so writes during the rotation could
//! miss a duplicate. Rotating twice is harmless (values already under the new key are
//! re-sealed the same way).

use anyhow::Context;

use super::store;
use crate::{db::Db, pii::PiiCipher};

/// A sealed column, and the keyed hash (column, kind) that finds its value, if any.
struct SealedColumn {
    encrypted: &'static str,
    hash: Option<(&'static str, &'static str)>,
}

/// Every table with values sealed by the personal-data key, by primary key.
const SEALED: &[(&str, &[SealedColumn])] = &[
    (
        "students",
        &[
            SealedColumn {
                encrypted: "resident_id_encrypted",
                hash: Some(("resident_id_hash", "resident_id")),
            },
            SealedColumn { encrypted: "mobile_encrypted", hash: Some(("mobile_hash", "mobile")) },
        ],
    ),
    (
        "memberships",
        &[
            SealedColumn { encrypted: "legal_rep_mobile_encrypted", hash: None },
            SealedColumn {
                encrypted: "contact_mobile_encrypted",
                hash: Some(("contact_mobile_hash", "member_contact")),
            },
        ],
    ),
    ("council_representatives", &[SealedColumn { encrypted: "mobile_encrypted", hash: None }]),
    (
        "webhook_endpoints",
        &[
            SealedColumn { encrypted: "secret_encrypted", hash: None },
            SealedColumn { encrypted: "previous_secret_encrypted", hash: None },
        ],
    ),
];

/// Rows are read in pages of this many: a province's students fit in memory a page at a time.
const PAGE: i64 = 500;

/// Re-seals everything under `cipher`'s key (reading with its previous key where needed);
/// the number of values re-sealed per table.
pub async fn rotate(db: &Db, cipher: &PiiCipher) -> anyhow::Result<Vec<(&'static str, u64)>> {
    let mut tx = db.begin().await?;
    let mut report = Vec::new();
    for (table, columns) in SEALED {
        let names: Vec<&str> = columns.iter().map(|c| c.encrypted).collect();
        let mut resealed = 0u64;
        let mut after = String::new();
        loop {
            let rows = store::sealed_page(&mut tx, table, &names, &after, PAGE)
                .await
                .with_context(|| format!("read {table}"))?;
            let Some(last) = rows.last() else { break };
            after = sqlx::Row::try_get(last, "id")?;
            for row in &rows {
                let id: String = sqlx::Row::try_get(row, "id")?;
                let mut sets = Vec::new();
                let mut values = Vec::new();
                for column in *columns {
                    let sealed: Option<String> = sqlx::Row::try_get(row, column.encrypted)?;
                    let Some(sealed) = sealed else { continue };
                    let plain = cipher.decrypt(&sealed).with_context(|| {
                        format!(
                            "{table} {id}: {} opens with neither the new nor the previous key",
                            column.encrypted
                        )
                    })?;
                    sets.push(column.encrypted);
                    values.push(cipher.encrypt(&plain));
                    if let Some((hash_column, kind)) = column.hash {
                        sets.push(hash_column);
                        values.push(cipher.hash(kind, &plain));
                    }
                    resealed += 1;
                }
                if sets.is_empty() {
                    continue;
                }
                store::reseal_row(&mut tx, table, &id, &sets, values)
                    .await
                    .with_context(|| format!("update {table} {id}"))?;
            }
        }
        report.push((*table, resealed));
    }
    tx.commit().await.context("commit the rotation")?;
    Ok(report)
}
