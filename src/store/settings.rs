//! Site settings changed in the browser, shared by every replica.

use sqlx::Row;

use super::{Store, StoreResult};

impl Store {
    /// The value an admin stored for `key`, if any.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT value FROM site_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok(row.try_get("value")?)).transpose()
    }

    /// Stores `value` for `key`, replacing any earlier value.
    pub async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
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
