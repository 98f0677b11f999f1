//! Lesson progress rows: first visit and completion, keyed by stable lesson id.

use sqlx::Row;

use super::{Store, StoreResult};

/// One lesson a learner has opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRow {
    /// Stable lesson id `<module>/<slug>`.
    pub lesson_id: String,
    /// Unix seconds when the lesson was done; `None` while only visited.
    pub completed_at: Option<i64>,
}

impl Store {
    /// Every lesson the learner has visited or completed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn progress(&self, user_id: i64) -> StoreResult<Vec<ProgressRow>> {
        let rows =
            sqlx::query("SELECT lesson_id, completed_at FROM lesson_progress WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ProgressRow {
                    lesson_id: row.try_get("lesson_id")?,
                    completed_at: row.try_get("completed_at")?,
                })
            })
            .collect()
    }

    /// Records the first visit to a lesson; later visits change nothing.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_visit(&self, user_id: i64, lesson_id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO lesson_progress (user_id, lesson_id, first_visited_at)
             VALUES ($1, $2, $3) ON CONFLICT (user_id, lesson_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(lesson_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Marks the lesson done when every one of its `required` tasks is solved; true if
    /// it is (or already was) done by that rule, false if a task is still open or the
    /// lesson has no required tasks.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn complete_if_solved(
        &self,
        user_id: i64,
        lesson_id: &str,
        required: &[&str],
        now: i64,
    ) -> StoreResult<bool> {
        if required.is_empty() {
            return Ok(false);
        }
        let statuses = self.task_statuses(user_id, required).await?;
        if statuses.iter().filter(|s| s.solved_at.is_some()).count() < required.len() {
            return Ok(false);
        }
        self.mark_done(user_id, lesson_id, now).await?;
        Ok(true)
    }

    /// Marks a lesson done; the first completion time is kept.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_done(&self, user_id: i64, lesson_id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO lesson_progress (user_id, lesson_id, first_visited_at, completed_at)
             VALUES ($1, $2, $3, $3)
             ON CONFLICT (user_id, lesson_id) DO UPDATE
             SET completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
        )
        .bind(user_id)
        .bind(lesson_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
