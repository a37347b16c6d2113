//! Group commit of read audit events. A read hands its events to one writer and waits until they are
//! committed before it answers; the writer commits whatever has gathered meanwhile in one transaction, so
//! one commit (one WAL flush) serves many reads, and on SQLite reads no longer queue for the writer lock
//! one by one. Durability is not weakened: no read answers before its events are on disk, and a read
//! whose events cannot be written answers 503.

use std::sync::mpsc;

use cspr_domain::audit::AuditEvent;
use cspr_persistence::{Database, PersistenceError, audit};
use tokio::sync::oneshot;

use crate::error::ApiError;

type Job = (Vec<AuditEvent>, oneshot::Sender<Result<(), String>>);

/// Events of one commit at most, so a burst cannot make one transaction huge.
const MAX_BATCH_EVENTS: usize = 5_000;

/// Cheap to clone: every clone feeds the same writer, which stops when the last is dropped.
#[derive(Clone)]
pub struct AuditWriter {
    jobs: mpsc::Sender<Job>,
}

impl AuditWriter {
    /// Starts the writer on a thread of its own; it stops when the writer is dropped.
    pub fn start(db: Database) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    let mut size = batch[0].0.len();
                    while size < MAX_BATCH_EVENTS {
                        match queue.try_recv() {
                            Ok(job) => {
                                size += job.0.len();
                                batch.push(job);
                            }
                            Err(_) => break,
                        }
                    }
                    let events: Vec<AuditEvent> =
                        batch.iter().flat_map(|(e, _)| e.iter().cloned()).collect();
                    let span = tracing::info_span!(
                        "audit.group_commit",
                        otel.kind = "client",
                        reads = batch.len(),
                        events = events.len()
                    );
                    let result = span.in_scope(|| {
                        db.transaction(|c| audit::append(c, &events))
                            .map_err(|e: PersistenceError| e.to_string())
                    });
                    for (_, done) in batch {
                        done.send(result.clone()).ok();
                    }
                }
            })
            .ok();
        AuditWriter { jobs }
    }

    /// Commits `events` (with whatever else has gathered) and returns once they are durable.
    pub async fn commit(&self, events: Vec<AuditEvent>) -> Result<(), ApiError> {
        if events.is_empty() {
            return Ok(());
        }
        let unavailable = |why: String| ApiError::Unavailable(Box::new(std::io::Error::other(why)));
        let (done, committed) = oneshot::channel();
        self.jobs
            .send((events, done))
            .map_err(|_| unavailable("the audit writer has stopped".into()))?;
        committed
            .await
            .map_err(|_| unavailable("the audit writer has stopped".into()))?
            .map_err(unavailable)
    }
}
