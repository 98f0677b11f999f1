//! Code drafts: one row per learner and exercise, overwritten as they type and removed
//! when they submit (the submission then holds the code). The same upsert works on
//! both backends.

use sqlx::Row;

use super::{Store, StoreResult};

/// A learner's unsubmitted code for one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// The editor's contents, restored when the learner comes back.
    pub code: String,
    /// Unix seconds.
    pub updated_at: i64,
}

impl Store {
    /// Stores the learner's draft for a task, replacing the previous one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_draft(
        &self,
        user_id: i64,
        task_id: &str,
        code: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO drafts (user_id, task_id, code, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, task_id) DO UPDATE
             SET code = excluded.code, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(task_id)
        .bind(code)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Forgets the learner's draft for a task (they submitted it).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn clear_draft(&self, user_id: i64, task_id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND task_id = $2")
            .bind(user_id)
            .bind(task_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The learner's drafts for the given tasks.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn drafts(&self, user_id: i64, task_ids: &[&str]) -> StoreResult<Vec<DraftRow>> {
        let mut drafts = Vec::new();
        for task_id in task_ids {
            let row = sqlx::query(
                "SELECT task_id, code, updated_at FROM drafts WHERE user_id = $1 AND task_id = $2",
            )
            .bind(user_id)
            .bind(*task_id)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = row {
                drafts.push(DraftRow {
                    task_id: row.try_get("task_id")?,
                    code: row.try_get("code")?,
                    updated_at: row.try_get("updated_at")?,
                });
            }
        }
        Ok(drafts)
    }
}
