//! Creating an account: the one workflow behind sign-up, the admin page and
//! `cairn user add`. Callers validate what was typed with [`super::validation`] and
//! report problems in their own words; this module checks the password's strength and
//! hashes it off the async executor (argon2 takes tens of milliseconds), then stores the
//! account, joining an invite's cohort in the same transaction when there is a code.

use crate::store::{NewUser, Redeemed, Store, StoreError};

use super::{password, validation, Role};

/// A new account, its username and email already validated.
pub struct NewAccount<'a> {
    /// The validated username.
    pub username: &'a str,
    /// The validated email, if one was given.
    pub email: Option<&'a str>,
    /// The password as typed; hashed here.
    pub password: String,
    /// What the account may do.
    pub role: Role,
}

/// Why an account was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Another account has that username (compared case-insensitively).
    #[error("the username is taken")]
    Taken,
    /// The invite code admits no one (expired, used up, unknown); no account was kept.
    #[error("the invite code admits no one")]
    Invite(Redeemed),
    /// Hashing failed: an internal error.
    #[error("cannot hash the password")]
    Hash(#[source] anyhow::Error),
    /// The database failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CreateError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict => CreateError::Taken,
            other => CreateError::Store(other),
        }
    }
}

/// Why `password` is too weak for a new account, if it is: its length, or how guessable
/// it is given what else the account holds (`known`: the username and email). Runs on
/// the blocking pool, since a long password takes milliseconds to estimate.
pub async fn weak_password(password: &str, known: &[&str]) -> anyhow::Result<Option<&'static str>> {
    let password = password.to_owned();
    let known: Vec<String> = known.iter().map(|k| k.trim().to_owned()).collect();
    Ok(tokio::task::spawn_blocking(move || {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        validation::new_password(&password, &known).err()
    })
    .await?)
}

/// Hashes a password on the blocking pool so argon2 never stalls an async worker.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password::hash(&password)).await??)
}

/// Stores a new account; with an invite `code` it joins that code's cohort in the same
/// transaction, and a code that admits no one leaves no account behind.
pub async fn create(
    store: &Store,
    account: NewAccount<'_>,
    code: Option<&str>,
    now: i64,
) -> Result<i64, CreateError> {
    let hash = hash_password(account.password)
        .await
        .map_err(CreateError::Hash)?;
    let user = NewUser {
        username: account.username,
        email: account.email,
        password_hash: &hash,
        role: account.role.as_str(),
    };
    match code {
        None => Ok(store.create_user(&user, now).await?),
        Some(code) => match store.create_user_with_invite(&user, code, now).await? {
            (Some(id), _) => Ok(id),
            (None, refused) => Err(CreateError::Invite(refused)),
        },
    }
}
