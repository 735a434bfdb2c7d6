//! What happened, announced by the feature where it happened, in the transaction that made it
//! happen (so an event exists only if its cause does). Features announce; subscribers —
//! integrators' webhooks today — react, without the announcing feature knowing them. The
//! composition root installs the subscribers once at start-up.

use std::{future::Future, pin::Pin, sync::OnceLock};

use serde_json::Value;

use crate::error::ApiResult;

/// The kinds of events, as integrators subscribe to them (`course.approved`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    CourseApproved,
    CourseRejected,
    PaymentConfirmed,
    LearningRecordsUpdated,
    MemberApproved,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::CourseApproved,
        EventKind::CourseRejected,
        EventKind::PaymentConfirmed,
        EventKind::LearningRecordsUpdated,
        EventKind::MemberApproved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CourseApproved => "course.approved",
            EventKind::CourseRejected => "course.rejected",
            EventKind::PaymentConfirmed => "payment.confirmed",
            EventKind::LearningRecordsUpdated => "learning_records.updated",
            EventKind::MemberApproved => "member.approved",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|kind| kind.as_str()).collect()
    }
}

/// One event: what happened, to which org, with what data (the webhook payload's `data`).
#[derive(Debug)]
pub struct Event<'a> {
    pub kind: EventKind,
    pub org_id: &'a str,
    pub data: Value,
}

pub type Transaction = sqlx::Transaction<'static, sqlx::Any>;
pub type Reaction<'a> = Pin<Box<dyn Future<Output = ApiResult<()>> + Send + 'a>>;
/// Reacts to an event inside the announcing transaction.
pub type Subscriber = for<'a> fn(&'a mut Transaction, &'a Event<'a>) -> Reaction<'a>;

static SUBSCRIBERS: OnceLock<Vec<Subscriber>> = OnceLock::new();

/// Installs the subscribers (the composition root, once; later calls from further servers in
/// one process bring the same list and are ignored).
pub fn subscribe(subscribers: Vec<Subscriber>) {
    drop(SUBSCRIBERS.set(subscribers));
}

/// Tells every subscriber, in the caller's transaction; the first refusal fails the caller.
pub async fn announce(tx: &mut Transaction, event: Event<'_>) -> ApiResult<()> {
    for subscriber in SUBSCRIBERS.get().map(Vec::as_slice).unwrap_or_default() {
        subscriber(tx, &event).await?;
    }
    Ok(())
}
