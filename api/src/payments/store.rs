//! Online dues orders' statements (the rows are `member_payments`, shared with offline dues in
//! `members::dues`, whose `PAYMENT_SELECT` reads them).

use crate::{
    db::{Db, now_ms},
    members::dues::{PAYMENT_SELECT, PaymentRow},
};

pub struct NewOrder<'a> {
    pub id: &'a str,
    pub membership_id: &'a str,
    pub org_id: &'a str,
    pub year: i64,
    pub amount_fen: i64,
    pub channel: &'a str,
    pub out_trade_no: &'a str,
    pub created_by: &'a str,
    pub at: i64,
}

/// A pending online order.
pub async fn insert_order(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    order: &NewOrder<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into member_payments (id, membership_id, org_id, year, amount_fen, channel, status, \
         out_trade_no, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $9)",
    )
    .bind(order.id)
    .bind(order.membership_id)
    .bind(order.org_id)
    .bind(order.year)
    .bind(order.amount_fen)
    .bind(order.channel)
    .bind(order.out_trade_no)
    .bind(order.created_by)
    .bind(order.at)
    .execute(executor)
    .await?;
    Ok(())
}

/// An order the gateway never created.
pub async fn close(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("update member_payments set status = 'closed', updated_at = $2 where id = $1")
        .bind(id)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// An order closed while nobody paid it (a paid or held one is left as it is).
pub async fn close_if_pending(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update member_payments set status = 'closed', updated_at = $2 where id = $1 and status = 'pending'",
    )
    .bind(id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Where the payer goes to pay: the QR code's URL or the cashier page.
pub async fn set_checkout(
    db: &Db,
    id: &str,
    code_url: Option<&str>,
    redirect_url: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update member_payments set checkout_code_url = $2, checkout_redirect_url = $3 where id = $1",
    )
    .bind(id)
    .bind(code_url)
    .bind(redirect_url)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn by_out_trade_no(
    db: &Db,
    out_trade_no: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PAYMENT_SELECT} where p.out_trade_no = $1"))
        .bind(out_trade_no)
        .fetch_optional(&db.pool)
        .await
}

/// Settles an open (or closed) order; false when another report settled it first.
pub async fn mark_paid(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    id: &str,
    transaction_id: Option<&str>,
    receipt_no: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let settled = sqlx::query(
        "update member_payments set status = 'paid', gateway_transaction_id = $2, \
         receipt_no = $3, settled_at = $4, updated_at = $4 \
         where id = $1 and status in ('pending', 'closed')",
    )
    .bind(id)
    .bind(transaction_id)
    .bind(receipt_no)
    .bind(at)
    .execute(executor)
    .await?;
    Ok(settled.rows_affected() == 1)
}

/// Holds an order's money for an operator (`reason`); false when it was settled or held already.
pub async fn flag(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    id: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let flagged = sqlx::query(
        "update member_payments set status = 'flagged', flag_reason = $2, updated_at = $3 \
         where id = $1 and status in ('pending', 'closed')",
    )
    .bind(id)
    .bind(reason)
    .bind(now_ms())
    .execute(executor)
    .await?;
    Ok(flagged.rows_affected() == 1)
}

/// Online orders still pending that were created before `before`, oldest first (200 a run).
pub async fn unsettled_online_orders(db: &Db, before: i64) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PAYMENT_SELECT} where p.status = 'pending' and p.channel <> 'offline' and p.created_at < $1 \
         order by p.created_at limit 200"
    ))
    .bind(before)
    .fetch_all(&db.pool)
    .await
}
