//! Background work (ARCHITECTURE: jobs run in-process from a table several instances share).
//!
//! A job is a row in `jobs`: a `kind`, a JSON payload and a time to run. Every instance runs a
//! [`Worker`] that claims due jobs one at a time with a single conditional `update … returning`
//! (plus `for update skip locked` on PostgreSQL), so two instances never run one job twice; a
//! claim is a lease (`locked_until`), and a job whose instance died is claimed again once the
//! lease lapses. Failures retry with exponential backoff up to `max_attempts`.
//!
//! Recurring work (sweeps, reconciliation) is a [`Recurring`] entry: each worker enqueues the
//! next run under the kind as `dedupe_key`, which the table keeps unique while a run is
//! unfinished, so there is one pending run however many instances start.

use std::{future::Future, pin::Pin, sync::OnceLock, time::Duration};

use serde_json::Value;
use tokio::sync::watch;

use crate::{
    db::{Db, new_id, now_ms},
    state::AppState,
};

mod store;

/// What a job kind runs: given the app and the job, its result.
pub type RunFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;
pub type Run = for<'a> fn(&'a AppState, &'a Job) -> RunFuture<'a>;

/// The job kinds the features run, and the recurring ones' intervals. Each feature registers
/// its own (`register_jobs`); the composition root collects them once at start-up, so this
/// module knows no feature. A kind missing here fails its jobs loudly (an old instance that
/// meets a newer instance's job) rather than dropping them.
#[derive(Default)]
pub struct JobKinds {
    runners: Vec<(&'static str, Run)>,
    recurring: Vec<Recurring>,
}

impl JobKinds {
    /// Jobs of `kind` run `run`.
    pub fn runs(&mut self, kind: &'static str, run: Run) -> &mut Self {
        self.runners.push((kind, run));
        self
    }

    /// A run of `kind` is enqueued every `every` (one pending run however many instances).
    pub fn every(&mut self, kind: &'static str, every: Duration) -> &mut Self {
        self.recurring.push(Recurring { kind, every });
        self
    }

    fn runner(&self, kind: &str) -> Option<Run> {
        self.runners.iter().find(|(known, _)| *known == kind).map(|(_, run)| *run)
    }
}

static KINDS: OnceLock<JobKinds> = OnceLock::new();

/// Installs the job kinds (the composition root, once; later calls, from further servers in
/// one process, bring the same list and are ignored).
pub fn register(kinds: JobKinds) {
    drop(KINDS.set(kinds));
}

fn kinds() -> &'static JobKinds {
    KINDS.get_or_init(JobKinds::default)
}

/// A job run on a fixed interval.
struct Recurring {
    kind: &'static str,
    every: Duration,
}

/// How long a claim holds before another instance may take the job over.
const LEASE_MS: i64 = 10 * 60 * 1000;

/// A claimed job, as its runner sees it.
#[derive(Debug, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

impl Job {
    pub fn payload(&self) -> anyhow::Result<Value> {
        Ok(serde_json::from_str(&self.payload)?)
    }
}

/// A job to enqueue.
#[derive(Debug)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: Value,
    /// Epoch ms; now when `None`.
    pub run_at: Option<i64>,
    /// At most one unfinished job per key: enqueuing again while one waits does nothing.
    pub dedupe_key: Option<&'a str>,
    pub org_id: Option<&'a str>,
}

/// Enqueues a job and returns its id, or the id of the unfinished job with the same
/// `dedupe_key`.
pub async fn enqueue<'e, E>(executor: E, job: NewJob<'_>) -> anyhow::Result<String>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id = store::insert(executor, &job, now_ms()).await?;
    id.ok_or_else(|| anyhow::anyhow!("enqueue {}: no id returned", job.kind))
}

/// Records how far a running job has got (shown to users as progress).
pub async fn report_progress(db: &Db, job_id: &str, done: i64, total: i64) -> anyhow::Result<()> {
    Ok(store::set_progress(db, job_id, done, total, now_ms()).await?)
}

/// Runs due jobs until told to stop.
pub struct Worker {
    state: AppState,
    name: String,
    poll: Duration,
}

impl Worker {
    pub fn new(state: AppState, poll: Duration) -> Self {
        Self { state, name: format!("worker-{}", new_id()), poll }
    }

    /// Polls for due jobs until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %self.name, "jobs worker started");
        loop {
            if let Err(err) = self.schedule_recurring().await {
                tracing::warn!(error = %err, "scheduling recurring jobs failed");
            }
            match self.run_due().await {
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "claiming jobs failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.poll) => {}
                _ = stop.changed() => break,
            }
            if *stop.borrow() {
                break;
            }
        }
        tracing::info!(worker = %self.name, "jobs worker stopped");
    }

    /// Runs every job that is due now, one after another; returns how many ran.
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let mut ran = 0;
        while let Some(job) = self.claim().await? {
            self.execute(job).await?;
            ran += 1;
        }
        Ok(ran)
    }

    async fn schedule_recurring(&self) -> anyhow::Result<()> {
        for recurring in &kinds().recurring {
            let db = &self.state.db;
            if store::unfinished_run_at(db, recurring.kind).await?.is_some() {
                continue;
            }
            let last = store::last_finished(db, recurring.kind).await?;
            let every = i64::try_from(recurring.every.as_millis())?;
            enqueue(
                &self.state.db.pool,
                NewJob {
                    kind: recurring.kind,
                    payload: Value::Object(Default::default()),
                    run_at: Some(last.map_or_else(now_ms, |finished| finished + every)),
                    dedupe_key: Some(recurring.kind),
                    org_id: None,
                },
            )
            .await?;
        }
        Ok(())
    }

    async fn claim(&self) -> anyhow::Result<Option<Job>> {
        let now = now_ms();
        // Look before claiming: an idle poll then only reads, and never competes with
        // requests for SQLite's write lock.
        if !store::any_due(&self.state.db, now).await? {
            return Ok(None);
        }
        Ok(store::claim(&self.state.db, &self.name, now + LEASE_MS, now).await?)
    }

    async fn execute(&self, job: Job) -> anyhow::Result<()> {
        let outcome = match kinds().runner(&job.kind) {
            Some(run) => run(&self.state, &job).await,
            None => Err(anyhow::anyhow!("no runner for job kind {:?}", job.kind)),
        };
        let now = now_ms();
        match outcome {
            Ok(()) => {
                tracing::info!(job = %job.id, kind = %job.kind, "job succeeded");
                store::mark_succeeded(&self.state.db, &job.id, now).await?;
            }
            Err(err)
                if job.attempts < job.max_attempts && err.downcast_ref::<Permanent>().is_none() =>
            {
                let retry_at = now + backoff_ms(job.attempts);
                tracing::warn!(job = %job.id, kind = %job.kind, error = %err, retry_at, "job failed; will retry");
                store::requeue(&self.state.db, &job.id, retry_at, &format!("{err:#}"), now).await?;
            }
            Err(err) => {
                tracing::error!(job = %job.id, kind = %job.kind, error = %err, "job failed for good");
                store::mark_failed(&self.state.db, &job.id, &format!("{err:#}"), now).await?;
            }
        }
        Ok(())
    }
}

/// A failure retrying cannot fix (the platform refused, in words the user can act on): the
/// job fails at once with this message instead of waiting out its retries.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Permanent(pub String);

/// 30 s, 1 min, 2 min, … capped at an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 7)).unwrap_or(7);
    (30_000_i64 << doublings).min(60 * 60 * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(backoff_ms).collect();
        assert_eq!(&waits[..4], &[30_000, 60_000, 120_000, 240_000]);
        assert_eq!(waits[8], 3_600_000);
    }
}
