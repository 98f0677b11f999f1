//! Failed sign-in counters per username, in the database so every replica sees them.

use sqlx::Row;

use super::{Store, StoreResult};

/// The throttle state of one username key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failed sign-ins for this key in the current window.
    pub failures: i64,
    /// Unix seconds before which sign-in is refused.
    pub blocked_until: i64,
}

impl Store {
    /// Current throttle state for a username key (zero when never failed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn throttle(&self, username_key: &str) -> StoreResult<Throttle> {
        let row = sqlx::query(
            "SELECT failures, blocked_until FROM login_throttle WHERE username_key = $1",
        )
        .bind(username_key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(row) => Throttle {
                failures: row.try_get("failures")?,
                blocked_until: row.try_get("blocked_until")?,
            },
            None => Throttle {
                failures: 0,
                blocked_until: 0,
            },
        })
    }

    /// Counts one failure (restarting the count after `window` quiet seconds) and blocks
    /// the key until the time `block_for(failures)` gives.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_failure(
        &self,
        username_key: &str,
        now: i64,
        window: i64,
        block_for: impl Fn(i64) -> i64,
    ) -> StoreResult<Throttle> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "INSERT INTO login_throttle (username_key, failures, blocked_until, updated_at)
             VALUES ($1, 1, 0, $2)
             ON CONFLICT (username_key) DO UPDATE SET
               failures = CASE WHEN login_throttle.updated_at < $3 THEN 1
                               ELSE login_throttle.failures + 1 END,
               updated_at = $2
             RETURNING failures",
        )
        .bind(username_key)
        .bind(now)
        .bind(now - window)
        .fetch_one(&mut *tx)
        .await?;
        let failures: i64 = row.try_get("failures")?;
        let blocked_until = now + block_for(failures);
        sqlx::query("UPDATE login_throttle SET blocked_until = $1 WHERE username_key = $2")
            .bind(blocked_until)
            .bind(username_key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Throttle {
            failures,
            blocked_until,
        })
    }

    /// Forgets failures after a successful sign-in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn clear_failures(&self, username_key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_throttle WHERE username_key = $1")
            .bind(username_key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
