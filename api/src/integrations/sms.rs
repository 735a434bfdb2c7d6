//! Delivering SMS verification codes: the sender trait and its implementations (the console,
//! the sandbox's outbox, Aliyun's `SendSms`). What a code is and when one may be sent is
//! `auth::sms`'s business; this only carries it to the phone.

use std::{future::Future, pin::Pin};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    db::{Db, new_id, now_ms},
    domain::Mobile,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SmsPurpose {
    /// Sign in (and register on first use).
    Login,
    /// Prove a phone number to bind it to an account.
    Bind,
    /// Reset a forgotten password.
    Reset,
}

impl SmsPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            SmsPurpose::Login => "login",
            SmsPurpose::Bind => "bind",
            SmsPurpose::Reset => "reset",
        }
    }
}

/// One verification code on its way to a phone.
#[derive(Debug)]
pub struct SmsMessage<'a> {
    pub phone: &'a Mobile,
    pub purpose: SmsPurpose,
    pub code: &'a str,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Delivers codes. `ConsoleSms` delivers nothing (development; `prod` refuses it); `SandboxSms`
/// records them for `GET /sandbox/sms/last`. A real gateway (Aliyun SendSms) implements the
/// same trait. No sender logs a code: logs are read by more people than the phone's owner.
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    fn send<'a>(&'a self, message: &'a SmsMessage<'a>) -> SendFuture<'a>;
}

#[derive(Debug)]
pub struct ConsoleSms;

impl SmsSender for ConsoleSms {
    fn send<'a>(&'a self, message: &'a SmsMessage<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                phone = %message.phone.masked(),
                purpose = message.purpose.as_str(),
                "SMS code issued but not delivered (console sender; with the sandbox on it is \
                 readable at /sandbox/sms/last)"
            );
            Ok(())
        })
    }
}

#[derive(Debug)]
pub struct SandboxSms {
    pub db: Db,
}

impl SmsSender for SandboxSms {
    fn send<'a>(&'a self, message: &'a SmsMessage<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            sqlx::query(
                "insert into sandbox_sms_outbox (id, phone, purpose, code, created_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(message.phone.as_ref())
            .bind(message.purpose.as_str())
            .bind(message.code)
            .bind(now_ms())
            .execute(&self.db.pool)
            .await?;
            ConsoleSms.send(message).await
        })
    }
}

/// Aliyun SMS, through the real `SendSms` API.
#[derive(Debug)]
pub struct AliyunSmsSender {
    pub client: crate::integrations::aliyun_sms::AliyunSms,
    pub http: reqwest::Client,
}

impl SmsSender for AliyunSmsSender {
    fn send<'a>(&'a self, message: &'a SmsMessage<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            self.client.send_code(&self.http, message.phone.as_ref(), message.code).await?;
            Ok(())
        })
    }
}
