//! Accounts: creating them, finding them for sign-in, changing passwords.

use sqlx::Row;

use super::{Store, StoreResult};

/// What sign-up hands to the store; the password is already hashed.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// Validated; its case-folded key (unique) is derived from it when stored.
    pub username: &'a str,
    /// Optional address given at sign-up.
    pub email: Option<&'a str>,
    /// The argon2 hash in PHC form.
    pub password_hash: &'a str,
    /// `learner`, `instructor` or `admin`.
    pub role: &'a str,
}

/// What sign-in needs to check a password.
#[derive(Debug)]
pub struct LoginRecord {
    /// The user to sign in when the hash matches.
    pub id: i64,
    /// The argon2 hash to verify the password against.
    pub password_hash: String,
    /// Disabled by an admin: the password may be right, but sign-in is refused.
    pub disabled: bool,
}

/// A user as the admin page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// Database id, used in admin URLs and forms.
    pub id: i64,
    /// As typed at sign-up.
    pub username: String,
    /// Optional address given at sign-up.
    pub email: Option<String>,
    /// `learner`, `instructor` or `admin`.
    pub role: String,
    /// Whether sign-in is refused.
    pub disabled: bool,
}

impl Store {
    /// Inserts a user; `StoreError::Conflict` when the username is taken.
    pub async fn create_user(&self, user: &NewUser<'_>, now: i64) -> StoreResult<i64> {
        insert_user(&self.writer, user, now).await
    }

    /// The id and password hash for a username key, if the account exists.
    pub async fn login_record(&self, username_key: &str) -> StoreResult<Option<LoginRecord>> {
        let row =
            sqlx::query("SELECT id, password_hash, disabled_at FROM users WHERE username_key = $1")
                .bind(username_key)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|row| {
            Ok(LoginRecord {
                id: row.try_get("id")?,
                password_hash: row.try_get("password_hash")?,
                disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
            })
        })
        .transpose()
    }

    /// The name of the account `user_id`, if it exists: a new password is checked
    /// against it.
    pub async fn username(&self, user_id: i64) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT username FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.try_get("username")).transpose()?)
    }

    /// Every user, by name, for the admin page.
    pub async fn users(&self) -> StoreResult<Vec<UserRow>> {
        let rows = sqlx::query(
            "SELECT id, username, email, role, disabled_at FROM users ORDER BY username_key",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UserRow {
                    id: row.try_get("id")?,
                    username: row.try_get("username")?,
                    email: row.try_get("email")?,
                    role: row.try_get("role")?,
                    disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
                })
            })
            .collect()
    }

    /// Disables an account and deletes its sessions, so it is signed out at once; or
    /// enables it again. False if there is no such user.
    pub async fn set_disabled(&self, user_id: i64, disabled: bool, now: i64) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(disabled.then_some(now))
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(updated == 1)
    }

    /// Deletes a user and everything they own (sessions, progress, attempts,
    /// submissions, memberships go with them through `ON DELETE CASCADE`).
    pub async fn delete_user(&self, user_id: i64) -> StoreResult<bool> {
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(deleted == 1)
    }

    /// Changes a user's role; their sessions see it on the next request.
    pub async fn set_role(&self, user_id: i64, role: &str) -> StoreResult<bool> {
        let updated = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role)
            .bind(user_id)
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(updated == 1)
    }

    /// Replaces a user's password hash and revokes all their sessions; false if no such user.
    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(updated == 1)
    }
}

/// Inserts a user through `db` (the pool, or a transaction that does more with it).
pub(super) async fn insert_user<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: &NewUser<'_>,
    now: i64,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO users (username, username_key, email, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.username)
    .bind(username_key(user.username))
    .bind(user.email)
    .bind(user.password_hash)
    .bind(user.role)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(row.try_get("id")?)
}

/// The case-insensitive key usernames are unique and looked up by: the database's
/// uniqueness rule, so it lives with the queries that rely on it.
pub fn username_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod key_tests {
    use super::username_key;

    #[test]
    fn keys_ignore_case_and_surrounding_space() {
        assert_eq!(username_key(" ÅSA "), "åsa");
    }
}
