//! Site settings changed in the browser, shared by every replica.

use sqlx::Row;

use super::{Store, StoreResult};
use crate::config::registration::Registration;

/// The `site_settings` key of the registration mode.
const REGISTRATION: &str = "registration";

impl Store {
    /// The registration mode an admin chose, or `configured` if none has been chosen
    /// (or the stored value is unreadable, which is logged).
    pub async fn registration(&self, configured: Registration) -> StoreResult<Registration> {
        Ok(match self.setting(REGISTRATION).await? {
            Some(stored) => stored.parse().unwrap_or_else(|err: String| {
                tracing::error!(%err, "stored registration mode unreadable; using the configured one");
                configured
            }),
            None => configured,
        })
    }

    /// Stores an admin's choice of registration mode for every replica.
    pub async fn set_registration(&self, mode: Registration) -> StoreResult<()> {
        self.set_setting(REGISTRATION, mode.as_str()).await
    }

    /// The value an admin stored for `key`, if any.
    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT value FROM site_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok(row.try_get("value")?)).transpose()
    }

    /// Stores `value` for `key`, replacing any earlier value.
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO site_settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
