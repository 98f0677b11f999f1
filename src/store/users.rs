//! Accounts: creating them, finding them for sign-in, changing passwords.

use sqlx::Row;

use super::{Store, StoreResult};

/// What sign-up hands to the store; the password is already hashed.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub username_key: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: &'a str,
}

/// What sign-in needs to check a password.
#[derive(Debug)]
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
}

impl Store {
    /// Inserts a user; `StoreError::Conflict` when the username is taken.
    pub async fn create_user(&self, user: &NewUser<'_>, now: i64) -> StoreResult<i64> {
        let row = sqlx::query(
            "INSERT INTO users (username, username_key, email, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user.username)
        .bind(user.username_key)
        .bind(user.email)
        .bind(user.password_hash)
        .bind(user.role)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// The id and password hash for a username key, if the account exists.
    pub async fn login_record(&self, username_key: &str) -> StoreResult<Option<LoginRecord>> {
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE username_key = $1")
            .bind(username_key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(LoginRecord {
                id: row.try_get("id")?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// Replaces a user's password hash and revokes all their sessions; false if no such user.
    pub async fn set_password(&self, username_key: &str, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let row =
            sqlx::query("UPDATE users SET password_hash = $1 WHERE username_key = $2 RETURNING id")
                .bind(password_hash)
                .bind(username_key)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let id: i64 = row.try_get("id")?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
