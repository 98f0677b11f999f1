//! Attempts at tasks and each learner's standing per task.
//!
//! [`Store::record_attempt`] writes the attempt and updates the standing in one
//! statement per backend, so they commit together and every accepted attempt is
//! counted exactly once, the best score never goes down, and `max_attempts` holds under
//! concurrent answers. One statement rather than a transaction also matters for speed:
//! on SQLite each statement is a round trip to the connection's thread.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Dialect, Store, StoreResult};

/// An attempt that has been checked and is ready to be stored.
#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    /// The learner answering.
    pub user_id: i64,
    /// Stable task id `<module>/<name>`.
    pub task_id: &'a str,
    /// The answer as submitted, kept for the learner's history and exports.
    pub answer: &'a str,
    /// The learner's parameter values as JSON.
    pub variant: &'a str,
    /// Whether the checker accepted it; the first correct attempt solves the task.
    pub correct: bool,
    /// The checker's score, 0.0 to 1.0.
    pub score: f64,
    /// Hash of the task's source, so answers to an edited task can be told apart.
    pub content_hash: &'a str,
    /// The task's points by attempt as JSON (`[10,7,5]`, the last value repeating): the
    /// statement that counts the attempt picks its points, so two answers sent at once
    /// cannot both earn a first attempt's points.
    pub attempt_points: &'a str,
    /// The task's limit; the statement refuses to store past it.
    pub max_attempts: Option<u32>,
    /// Unix seconds, stored as the attempt's time.
    pub now: i64,
    /// The rate limit: at most `rate_limit` attempts by this learner after `rate_since`.
    pub rate_since: i64,
    /// See `rate_since`.
    pub rate_limit: i64,
}

/// A learner's standing on one task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskStatusRow {
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// Every attempt counted, for "attempts left".
    pub attempts: i64,
    /// Attempts the checker refused.
    pub wrong: i64,
    /// Highest score of any attempt, 0.0 to 1.0.
    pub best_score: f64,
    /// Unix seconds of the first correct attempt; `None` while unsolved.
    pub solved_at: Option<i64>,
    /// The latest answer, to refill the form.
    pub last_answer: String,
    /// Whether the latest answer was accepted.
    pub last_correct: bool,
    /// The best points earned; `None` for a task solved before points were recorded
    /// per attempt (it keeps its full points).
    pub points: Option<f64>,
}

/// Submissions within a time window, for rate limiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentAttempts {
    /// Attempts in the window.
    pub count: i64,
    /// Time of the oldest attempt in the window.
    pub oldest: Option<i64>,
}

const STATUS_COLUMNS: &str =
    "task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, points";

fn status_row(row: &AnyRow) -> StoreResult<TaskStatusRow> {
    Ok(TaskStatusRow {
        task_id: row.try_get("task_id")?,
        attempts: row.try_get("attempts")?,
        wrong: row.try_get("wrong")?,
        best_score: row.try_get("best_score")?,
        solved_at: row.try_get("solved_at")?,
        last_answer: row.try_get("last_answer")?,
        last_correct: row.try_get::<i64, _>("last_correct")? != 0,
        points: row.try_get("points")?,
    })
}

/// SQLite: one statement stores the attempt unless the task is out of attempts or the
/// learner over the rate limit; the `attempts_update_status` trigger updates the
/// standing. The single writer connection (see [`Store`]) serialises the checks with
/// the insert. The standing is read back in the same round trip to the connection's
/// thread: the second statement's row follows the insert's `id` row, if any.
const SQLITE_RECORD: &str = "
    INSERT INTO attempts (user_id, task_id, answer, variant, correct, score, content_hash, created_at, points)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8,
           CASE WHEN $5 = 1 THEN json_extract($12, '$[' || MIN(
               COALESCE((SELECT attempts FROM task_status WHERE user_id = $1 AND task_id = $2), 0),
               json_array_length($12) - 1) || ']') ELSE 0 END
    WHERE ($9 < 0
           OR COALESCE((SELECT attempts FROM task_status WHERE user_id = $1 AND task_id = $2), 0) < $9)
      AND (SELECT COUNT(*) FROM attempts WHERE user_id = $1 AND created_at > $10) < $11
    RETURNING id;
    SELECT task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, points
    FROM task_status WHERE user_id = $1 AND task_id = $2";

/// PostgreSQL: one statement upserts the standing (its row lock serialises one learner's
/// concurrent answers, and its `WHERE` enforces `max_attempts` on the locked row) and
/// stores the attempt only if the standing was updated. The rate limit guards the
/// upsert's input row.
const POSTGRES_RECORD: &str = "
    WITH status AS (
        INSERT INTO task_status
            (user_id, task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, updated_at, points)
        SELECT $1, $2, 1, 1 - $5, $6, CASE WHEN $5 = 1 THEN $8 END, $3, $5, $8,
               CASE WHEN $5 = 1 THEN ($12::jsonb ->> 0)::double precision ELSE 0 END
        WHERE (SELECT COUNT(*) FROM attempts WHERE user_id = $1 AND created_at > $10) < $11
        ON CONFLICT (user_id, task_id) DO UPDATE SET
            attempts = task_status.attempts + 1,
            wrong = task_status.wrong + excluded.wrong,
            best_score = GREATEST(task_status.best_score, excluded.best_score),
            solved_at = COALESCE(task_status.solved_at, excluded.solved_at),
            last_answer = excluded.last_answer,
            last_correct = excluded.last_correct,
            updated_at = excluded.updated_at,
            points = CASE
                WHEN task_status.points IS NULL AND task_status.solved_at IS NOT NULL THEN NULL
                WHEN $5 = 1 THEN GREATEST(COALESCE(task_status.points, 0),
                    ($12::jsonb ->> LEAST(task_status.attempts,
                        jsonb_array_length($12::jsonb) - 1)::int)::double precision)
                ELSE COALESCE(task_status.points, 0)
            END
        WHERE $9 < 0 OR task_status.attempts < $9
        RETURNING task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, points
    ), attempt AS (
        INSERT INTO attempts (user_id, task_id, answer, variant, correct, score, content_hash, created_at, points)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8,
               CASE WHEN $5 = 1 THEN ($12::jsonb ->> LEAST(status.attempts - 1,
                   jsonb_array_length($12::jsonb) - 1)::int)::double precision ELSE 0 END
        FROM status
    )
    SELECT * FROM status";

/// What became of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// Stored, with the new standing.
    Stored(TaskStatusRow),
    /// Not stored: the task is out of attempts or the learner over the rate limit.
    Refused,
}

/// The statement that stores an attempt and its standing, bound, for either backend.
pub(super) fn record_statement<'q>(
    dialect: Dialect,
    attempt: &NewAttempt<'q>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let sql = match dialect {
        Dialect::Sqlite => SQLITE_RECORD,
        Dialect::Postgres => POSTGRES_RECORD,
    };
    sqlx::query(sql)
        .bind(attempt.user_id)
        .bind(attempt.task_id)
        .bind(attempt.answer)
        .bind(attempt.variant)
        .bind(i64::from(attempt.correct))
        .bind(attempt.score)
        .bind(attempt.content_hash)
        .bind(attempt.now)
        .bind(attempt.max_attempts.map_or(-1, i64::from))
        .bind(attempt.rate_since)
        .bind(attempt.rate_limit)
        .bind(attempt.attempt_points)
}

impl Store {
    /// Stores an attempt and updates the learner's standing atomically, in one
    /// statement, unless `max_attempts` were used or the rate limit is reached.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_attempt(&self, attempt: &NewAttempt<'_>) -> StoreResult<Recorded> {
        let rows = record_statement(self.dialect, attempt)
            .fetch_all(&self.writer)
            .await?;
        let (stored, status) = match self.dialect {
            // The insert's `id` row, if it stored anything, then the standing.
            Dialect::Sqlite => (
                rows.iter().any(|row| row.columns().len() == 1),
                rows.iter().find(|row| row.columns().len() > 1),
            ),
            Dialect::Postgres => (!rows.is_empty(), rows.first()),
        };
        Ok(match (stored, status) {
            (true, Some(status)) => Recorded::Stored(status_row(status)?),
            _ => Recorded::Refused,
        })
    }

    /// The learner's standing on each of `task_ids` they have attempted.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn task_statuses(
        &self,
        user_id: i64,
        task_ids: &[&str],
    ) -> StoreResult<Vec<TaskStatusRow>> {
        if task_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> =
            (0..task_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {STATUS_COLUMNS} FROM task_status WHERE user_id = $1 AND task_id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(user_id);
        for id in task_ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(status_row).collect()
    }

    /// The learner's standing on every task they attempted, for the dashboard.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn all_task_statuses(&self, user_id: i64) -> StoreResult<Vec<TaskStatusRow>> {
        let sql = format!("SELECT {STATUS_COLUMNS} FROM task_status WHERE user_id = $1");
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(status_row).collect()
    }

    /// The learner's standing on one task, if they attempted it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn task_status(
        &self,
        user_id: i64,
        task_id: &str,
    ) -> StoreResult<Option<TaskStatusRow>> {
        Ok(self
            .task_statuses(user_id, &[task_id])
            .await?
            .into_iter()
            .next())
    }
}
