//! The durable grading queue: Python submissions as jobs, claimed by workers under a
//! lease, finished exactly once.
//!
//! A job is stored `pending` before the learner gets an answer. A worker claims a
//! claimable job (pending, or running with an expired lease: its worker died) and gets
//! a fresh lease token; PostgreSQL lets several workers claim at once with
//! `FOR UPDATE SKIP LOCKED`, SQLite serialises claims through its one writer. Finishing
//! marks the job done and stores the attempt in one transaction, and only for the
//! current token: a job reclaimed after a crash can never be counted twice.
//!
//! The queue is fair between learners: jobs are taken round-robin by learner, each
//! job ranked by how many of its learner's unfinished jobs are older ([`QUEUE_TURN`]),
//! then by age. So a learner's eighth waiting job never delays another learner's first,
//! and the place a learner is shown is computed with the same rule.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::attempts::{record_statement, NewAttempt};
use super::{Dialect, Store, StoreResult};

/// A job a worker has claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    /// The job's row, which the verdict is written back to.
    pub id: i64,
    /// The learner who submitted, credited with the result.
    pub user_id: i64,
    /// Which task's tests to run.
    pub task_id: String,
    /// The submitted code.
    pub code: String,
    /// Hash of the task when submitted, recorded with the resulting attempt.
    pub content_hash: String,
    /// Proves this worker still holds the job when it stores the verdict.
    pub lease_token: String,
    /// A "try it" run: graded with the visible tests only and never an attempt.
    pub try_run: bool,
}

/// A job as the learner's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// The job's row, for polling its result.
    pub id: i64,
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// The submitted code, shown back with the result.
    pub code: String,
    /// `pending`, `running` or `done`.
    pub state: String,
    /// The verdict as JSON, once done.
    pub result: Option<String>,
    /// When it was submitted (Unix seconds).
    pub created_at: i64,
    /// Jobs ahead of this one in the queue (pending only).
    pub ahead: i64,
    /// A "try it" run against the visible tests, not a submission.
    pub try_run: bool,
}

/// A submission to queue, with the limits it must respect.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    /// The learner submitting.
    pub user_id: i64,
    /// Stable task id `<module>/<name>`.
    pub task_id: &'a str,
    /// The submitted code.
    pub code: &'a str,
    /// Hash of the task's source as the learner saw it.
    pub content_hash: &'a str,
    /// Unix seconds, stored as the job's time.
    pub now: i64,
    /// The task's limit; the statement refuses to queue past it.
    pub max_attempts: Option<u32>,
    /// The rate limit: at most `rate_limit` submissions by this learner after this time.
    pub rate_since: i64,
    /// See `rate_since`.
    pub rate_limit: i64,
    /// A "try it" run: queued after submissions, not limited by `max_attempts`.
    pub try_run: bool,
}

const JOB_COLUMNS: &str = "id, task_id, code, state, result, created_at, try_run";

/// A job's turn in the queue: how many of the same learner's unfinished jobs are older
/// (0 for a learner's oldest). Over unfinished jobs only; the claim orders by the same
/// count, then by id, so no learner's backlog delays another learner's first job.
const QUEUE_TURN: &str = "ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id) - 1";

fn job_row(row: &AnyRow, ahead: i64) -> StoreResult<JobRow> {
    Ok(JobRow {
        id: row.try_get("id")?,
        task_id: row.try_get("task_id")?,
        code: row.try_get("code")?,
        state: row.try_get("state")?,
        result: row.try_get("result")?,
        created_at: row.try_get("created_at")?,
        ahead,
        try_run: row.try_get::<i64, _>("try_run")? != 0,
    })
}

/// Grading jobs waiting and being graded, across every process (for `/metrics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueDepth {
    /// Stored, not yet claimed by a worker.
    pub pending: i64,
    /// Claimed by a worker and being graded.
    pub running: i64,
}

impl Store {
    /// Queues a submission unless the learner is over the rate limit (answers and
    /// submissions together) or out of attempts (graded attempts plus jobs not yet
    /// graded). `None` when refused.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn enqueue_job(&self, job: &NewJob<'_>) -> StoreResult<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO grading_jobs (user_id, task_id, code, content_hash, state, created_at, try_run)
             SELECT $1, $2, $3, $4, 'pending', $5, $9
             WHERE (SELECT COUNT(*) FROM grading_jobs WHERE user_id = $1 AND created_at > $6)
                 + (SELECT COUNT(*) FROM attempts WHERE user_id = $1 AND created_at > $6) < $7
               AND ($8 < 0
                    OR (SELECT COUNT(*) FROM attempts WHERE user_id = $1 AND task_id = $2)
                     + (SELECT COUNT(*) FROM grading_jobs
                        WHERE user_id = $1 AND task_id = $2 AND state <> 'done'
                          AND try_run = 0) < $8)
             RETURNING id",
        )
        .bind(job.user_id)
        .bind(job.task_id)
        .bind(job.code)
        .bind(job.content_hash)
        .bind(job.now)
        .bind(job.rate_since)
        .bind(job.rate_limit)
        .bind(if job.try_run {
            -1
        } else {
            job.max_attempts.map_or(-1, i64::from)
        })
        .bind(i64::from(job.try_run))
        .fetch_optional(&self.writer)
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("id")?),
            None => None,
        })
    }

    /// Claims the oldest claimable job with a new lease, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_job(
        &self,
        now: i64,
        lease_seconds: i64,
        token: &str,
    ) -> StoreResult<Option<ClaimedJob>> {
        let lock = match self.dialect {
            Dialect::Sqlite => "",
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE grading_jobs
             SET state = 'running', lease_until = $1 + $2, lease_token = $3, started_at = $1
             WHERE id = (SELECT id FROM grading_jobs job
                         WHERE state = 'pending' OR (state = 'running' AND lease_until < $1)
                         ORDER BY try_run,
                                  (SELECT COUNT(*) FROM grading_jobs older
                                   WHERE older.user_id = job.user_id AND older.state <> 'done'
                                     AND older.id < job.id),
                                  id
                         LIMIT 1 {lock})
             RETURNING id, user_id, task_id, code, content_hash, lease_token, try_run"
        );
        let row = sqlx::query(&sql)
            .bind(now)
            .bind(lease_seconds)
            .bind(token)
            .fetch_optional(&self.writer)
            .await?;
        row.map(|row| {
            Ok(ClaimedJob {
                id: row.try_get("id")?,
                user_id: row.try_get("user_id")?,
                task_id: row.try_get("task_id")?,
                code: row.try_get("code")?,
                content_hash: row.try_get("content_hash")?,
                lease_token: row.try_get("lease_token")?,
                try_run: row.try_get::<i64, _>("try_run")? != 0,
            })
        })
        .transpose()
    }

    /// Marks a job done with its result (and the tests it failed, `file::test` per
    /// line) and stores its attempt (if it counts), in one transaction, only while
    /// `token` holds the lease. `false` if the lease was lost.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn finish_job(
        &self,
        job: &ClaimedJob,
        result: &str,
        failed_tests: &str,
        attempt: Option<&NewAttempt<'_>>,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query(
            "UPDATE grading_jobs SET state = 'done', result = $1, failed_tests = $2, finished_at = $3
             WHERE id = $4 AND lease_token = $5 AND state = 'running'",
        )
        .bind(result)
        .bind(failed_tests)
        .bind(now)
        .bind(job.id)
        .bind(&job.lease_token)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(attempt) = attempt {
            record_statement(self.dialect, attempt)
                .fetch_all(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Jobs waiting and jobs being graded, across every process: the queue depth.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn queue_depth(&self) -> StoreResult<QueueDepth> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
                    COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0) AS running
             FROM grading_jobs WHERE state <> 'done'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(QueueDepth {
            pending: row.try_get("pending")?,
            running: row.try_get("running")?,
        })
    }

    /// The learner's latest job for each of `task_ids` (in that order), with its place
    /// in the queue if waiting, in one query.
    ///
    /// A waiting job's place follows the claim's rule: submissions before try runs, then
    /// by [`QUEUE_TURN`]; jobs ahead are the waiting ones that rule puts first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn latest_jobs(&self, user_id: i64, task_ids: &[&str]) -> StoreResult<Vec<JobRow>> {
        if task_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> =
            (0..task_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "WITH waiting AS (
                 SELECT id, try_run, turn
                 FROM (SELECT id, state, try_run, {QUEUE_TURN} AS turn
                       FROM grading_jobs WHERE state <> 'done') queue
                 WHERE state = 'pending'
             )
             SELECT {JOB_COLUMNS},
                    CASE WHEN state = 'pending' THEN
                        (SELECT COUNT(*) FROM waiting other, waiting mine
                         WHERE mine.id = latest.id
                           AND (other.try_run < mine.try_run
                                OR (other.try_run = mine.try_run
                                    AND (other.turn < mine.turn
                                         OR (other.turn = mine.turn AND other.id < mine.id)))))
                    ELSE 0 END AS ahead
             FROM grading_jobs latest
             WHERE id IN (SELECT MAX(id) FROM grading_jobs
                          WHERE user_id = $1 AND task_id IN ({})
                          GROUP BY task_id)",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(user_id);
        for id in task_ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut latest = HashMap::new();
        for row in &rows {
            let job = job_row(row, row.try_get("ahead")?)?;
            latest.insert(job.task_id.clone(), job);
        }
        Ok(task_ids
            .iter()
            .filter_map(|id| latest.get(*id).cloned())
            .collect())
    }

    /// The learner's latest job for one task, with its place in the queue if waiting.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn latest_job(&self, user_id: i64, task_id: &str) -> StoreResult<Option<JobRow>> {
        Ok(self.latest_jobs(user_id, &[task_id]).await?.pop())
    }

    /// Extends a running job's lease while its worker still holds it; `false` if lost.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn renew_lease(&self, job: &ClaimedJob, until: i64) -> StoreResult<bool> {
        let renewed = sqlx::query(
            "UPDATE grading_jobs SET lease_until = $1
             WHERE id = $2 AND lease_token = $3 AND state = 'running'",
        )
        .bind(until)
        .bind(job.id)
        .bind(&job.lease_token)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Running jobs whose lease token starts with `prefix`, as (id, token).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn running_jobs_held_by(&self, prefix: &str) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT id, lease_token FROM grading_jobs
             WHERE state = 'running' AND lease_token IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut held = Vec::new();
        for row in rows {
            let token: String = row.try_get("lease_token")?;
            if token.starts_with(prefix) {
                held.push((row.try_get("id")?, token));
            }
        }
        Ok(held)
    }

    /// Puts a running job back in the queue at once, if `token` still holds it: for a
    /// job whose worker is known to be dead. `false` if someone else holds it now.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn release_job(&self, id: i64, token: &str) -> StoreResult<bool> {
        let released = sqlx::query(
            "UPDATE grading_jobs SET state = 'pending', lease_until = NULL, lease_token = NULL
             WHERE id = $1 AND lease_token = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(token)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(released == 1)
    }

    /// Answers and submissions the learner made since `since`, for the rate limit.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn recent_submissions(
        &self,
        user_id: i64,
        since: i64,
    ) -> StoreResult<super::RecentAttempts> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM (
                 SELECT created_at FROM attempts WHERE user_id = $1 AND created_at > $2
                 UNION ALL
                 SELECT created_at FROM grading_jobs WHERE user_id = $1 AND created_at > $2
             ) AS recent",
        )
        .bind(user_id)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(super::RecentAttempts {
            count: row.try_get("n")?,
            oldest: row.try_get("oldest")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store on a fresh SQLite file holding `jobs` as (learner, state), ids from 1,
    /// each job for its own task `m/t<id>`.
    async fn queue(name: &str, jobs: &[(i64, &str)]) -> (Store, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("cairn-queue-{}-{name}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        let store = Store::open(dir.join("queue.db").to_str().unwrap())
            .await
            .unwrap();
        let learners = jobs.iter().map(|(user, _)| *user).max().unwrap_or(0);
        for user in 1..=learners {
            sqlx::query(
                "INSERT INTO users (username, username_key, password_hash, created_at)
                 VALUES ($1, $1, 'x', 0)",
            )
            .bind(format!("learner{user}"))
            .execute(&store.writer)
            .await
            .unwrap();
        }
        for (i, (user, state)) in jobs.iter().enumerate() {
            sqlx::query(
                "INSERT INTO grading_jobs (user_id, task_id, code, content_hash, state, created_at)
                 VALUES ($1, $2, '', '', $3, 0)",
            )
            .bind(*user)
            .bind(format!("m/t{}", i + 1))
            .bind(*state)
            .execute(&store.writer)
            .await
            .unwrap();
        }
        (store, dir)
    }

    /// Each waiting job's place, as its learner's page shows it, by job id.
    async fn places(store: &Store, jobs: &[(i64, &str)]) -> Vec<(i64, i64)> {
        let mut places = Vec::new();
        for (i, (user, state)) in jobs.iter().enumerate() {
            let task = format!("m/t{}", i + 1);
            let job = store.latest_job(*user, &task).await.unwrap().unwrap();
            if *state == "pending" {
                places.push((job.ahead, job.id));
            }
        }
        places.sort_unstable();
        places
    }

    #[tokio::test]
    async fn another_learners_first_job_goes_before_a_learners_eighth() {
        // Learner 1 has two jobs being graded and six waiting; learner 2 then submits.
        let mut jobs: Vec<(i64, &str)> = (1..=8)
            .map(|id| (1, if id > 2 { "pending" } else { "running" }))
            .collect();
        jobs.push((2, "pending"));
        let (store, dir) = queue("eighth", &jobs).await;
        let order: Vec<i64> = places(&store, &jobs).await.iter().map(|p| p.1).collect();
        assert_eq!(order, [9, 3, 4, 5, 6, 7, 8]);
        let ahead: Vec<i64> = places(&store, &jobs).await.iter().map(|p| p.0).collect();
        assert_eq!(ahead, [0, 1, 2, 3, 4, 5, 6]);
        store.close().await;
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn learners_take_turns_and_each_keeps_their_own_order() {
        let jobs = [
            (1, "pending"),
            (1, "pending"),
            (2, "pending"),
            (3, "pending"),
            (2, "pending"),
        ];
        let (store, dir) = queue("turns", &jobs).await;
        let places = places(&store, &jobs).await;
        assert_eq!(places, [(0, 1), (1, 3), (2, 4), (3, 2), (4, 5)]);
        store.close().await;
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn latest_jobs_keep_the_order_asked_for_and_skip_tasks_without_a_job() {
        let jobs = [(1, "done"), (1, "pending"), (2, "pending")];
        let (store, dir) = queue("latest", &jobs).await;
        sqlx::query(
            "INSERT INTO grading_jobs (user_id, task_id, code, content_hash, state, created_at)
             VALUES (1, 'm/t1', 'newer', '', 'done', 0)",
        )
        .execute(&store.writer)
        .await
        .unwrap();
        let found = store
            .latest_jobs(1, &["m/t2", "m/none", "m/t1", "m/t3"])
            .await
            .unwrap();
        let summary: Vec<(&str, &str, i64)> = found
            .iter()
            .map(|job| (job.task_id.as_str(), job.code.as_str(), job.ahead))
            .collect();
        assert_eq!(summary, [("m/t2", "", 0), ("m/t1", "newer", 0)]);
        assert!(store.latest_jobs(1, &[]).await.unwrap().is_empty());
        store.close().await;
        std::fs::remove_dir_all(dir).ok();
    }
}
