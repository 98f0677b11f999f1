//! Server-side sessions, keyed by the SHA-256 of the cookie token.

use sqlx::Row;

use super::{ProgressRow, Store, StoreResult};

/// A live session joined with its user and the user's lesson progress.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// Whose session it is.
    pub user_id: i64,
    /// Shown in the header.
    pub username: String,
    /// `learner`, `instructor` or `admin`; parsed into a [`Role`](crate::accounts::Role).
    pub role: String,
    /// Forms of this session must echo it back.
    pub csrf_token: String,
    /// Unix seconds at sign-in; the absolute lifetime counts from it.
    pub created_at: i64,
    /// Unix seconds of the last refresh; the idle lifetime counts from it.
    pub last_seen_at: i64,
    /// Every lesson the user has visited, fetched in the same round trip: nearly every
    /// signed-in page needs it.
    pub progress: Vec<ProgressRow>,
}

impl Store {
    /// Stores a new session.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The session with this token hash and its user's progress, in one query; `None`
    /// if no such session (expiry is the caller's rule).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let rows = sqlx::query(
            "SELECT s.user_id, u.username, u.role, s.csrf_token, s.created_at, s.last_seen_at,
                    p.lesson_id, p.completed_at
             FROM sessions s
             JOIN users u ON u.id = s.user_id
             LEFT JOIN lesson_progress p ON p.user_id = s.user_id
             WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut record = SessionRecord {
            user_id: first.try_get("user_id")?,
            username: first.try_get("username")?,
            role: first.try_get("role")?,
            csrf_token: first.try_get("csrf_token")?,
            created_at: first.try_get("created_at")?,
            last_seen_at: first.try_get("last_seen_at")?,
            progress: Vec::with_capacity(rows.len()),
        };
        for row in &rows {
            if let Some(lesson_id) = row.try_get::<Option<String>, _>("lesson_id")? {
                record.progress.push(ProgressRow {
                    lesson_id,
                    completed_at: row.try_get("completed_at")?,
                });
            }
        }
        Ok(Some(record))
    }

    /// Records activity, which pushes back the idle timeout.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Revokes one session (sign-out, or an expired one found on lookup).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Removes sessions past either timeout; run at sign-in to keep the table small.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_expired_sessions(
        &self,
        idle_before: i64,
        created_before: i64,
    ) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}
