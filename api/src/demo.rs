//! `ketang serve --demo`: example data so a fresh install has something to look at. Idempotent
//! (every insert is `on conflict do nothing`), so a second run changes nothing. Each feature
//! adds its own demo rows here as it lands.

use anyhow::Context;

use crate::{db::now_ms, state::AppState};

const DEMO_ORG_ID: &str = "019b7a40-0000-7000-8000-00000000d001";
const DEMO_USER_ID: &str = "019b7a40-0000-7000-8000-00000000d002";
/// A platform operator to review with: sign in as 13900000000 by SMS (sandbox codes).
const DEMO_ADMIN_ID: &str = "019b7a40-0000-7000-8000-00000000d003";
pub const DEMO_ADMIN_MOBILE: &str = "13900000000";

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = &state.db;
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "insert into users (id, mobile, display_name, status, created_at, updated_at) \
         values ($1, $2, $3, 'active', $4, $4) on conflict do nothing",
    )
    .bind(DEMO_USER_ID)
    .bind("13800000000")
    .bind("演示用户")
    .bind(now)
    .execute(&mut *tx)
    .await
    .context("demo user")?;
    sqlx::query(
        "insert into users (id, mobile, display_name, status, admin_role, created_at, updated_at) \
         values ($1, $2, '演示管理员', 'active', 'super', $3, $3) on conflict do nothing",
    )
    .bind(DEMO_ADMIN_ID)
    .bind(DEMO_ADMIN_MOBILE)
    .bind(now)
    .execute(&mut *tx)
    .await
    .context("demo admin")?;
    sqlx::query(
        "insert into orgs (id, name, uscc, legal_representative, address, contact_phone, \
         certification, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, 'uncertified', $7, $7) on conflict do nothing",
    )
    .bind(DEMO_ORG_ID)
    .bind("三亚示例跨境电商有限公司")
    .bind("91460200MA5T8XY10H")
    .bind("张三")
    .bind("海南省三亚市吉阳区迎宾路 1 号")
    .bind("0898-88888888")
    .bind(now)
    .execute(&mut *tx)
    .await
    .context("demo org")?;
    sqlx::query(
        "insert into org_members (org_id, user_id, role, created_at) values ($1, $2, 'owner', $3) \
         on conflict do nothing",
    )
    .bind(DEMO_ORG_ID)
    .bind(DEMO_USER_ID)
    .bind(now)
    .execute(&mut *tx)
    .await
    .context("demo org owner")?;
    tx.commit().await?;
    crate::classroom::demo::seed(state).await.context("demo classroom")?;
    crate::training::demo::seed(state).await.context("demo training class")?;
    crate::members::demo::seed(state).await.context("demo membership fees")?;
    tracing::info!("demo data in place");
    Ok(())
}
