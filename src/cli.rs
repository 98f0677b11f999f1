//! The operations behind `cairn check`, `cairn migrate` and `cairn user …`, kept out of
//! `main.rs` so they can be tested as functions.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

use crate::accounts::{password, validation, Role};
use crate::content::{self, Severity};
use crate::store::{NewUser, Store, StoreError};

/// Validates a content folder and prints every problem; true when there are no errors.
pub fn check(dir: &Path, out: &mut impl Write) -> anyhow::Result<bool> {
    let (catalog, problems) = content::load(dir);
    for problem in problems.all() {
        writeln!(out, "{problem}")?;
    }
    match catalog {
        Some(catalog) => {
            let warnings = problems
                .all()
                .iter()
                .filter(|p| p.severity == Severity::Warning)
                .count();
            writeln!(
                out,
                "ok: {} modules, {} lessons, {} tasks, {warnings} warning(s)",
                catalog.modules.len(),
                catalog.lesson_count(),
                catalog.task_count()
            )?;
            Ok(true)
        }
        None => {
            writeln!(
                out,
                "{} error(s): fix them and run `cairn check` again",
                problems.error_count()
            )?;
            Ok(false)
        }
    }
}

/// Reads a password from a prompt when stdin is a terminal, else the first stdin line.
pub fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("cannot read password")?;
        let again =
            rpassword::prompt_password("Repeat password: ").context("cannot read password")?;
        anyhow::ensure!(first == again, "the passwords do not match");
        return Ok(first);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Creates a user with a role.
pub async fn add_user(
    store: &Store,
    name: &str,
    email: Option<&str>,
    role: Role,
    pass: String,
) -> anyhow::Result<i64> {
    let username = validation::username(name).map_err(anyhow::Error::msg)?;
    let email = validation::email(email.unwrap_or("")).map_err(anyhow::Error::msg)?;
    validation::password(&pass).map_err(anyhow::Error::msg)?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&pass)).await??;
    let key = validation::username_key(&username);
    let user = NewUser {
        username: &username,
        username_key: &key,
        email: email.as_deref(),
        password_hash: &hash,
        role: role.as_str(),
    };
    match store.create_user(&user, crate::web::identity::now()).await {
        Ok(id) => Ok(id),
        Err(StoreError::Conflict) => anyhow::bail!("the username `{username}` is taken"),
        Err(err) => Err(err).context("cannot create user"),
    }
}

/// Sets a user's password and signs them out everywhere.
pub async fn set_password(store: &Store, name: &str, pass: String) -> anyhow::Result<()> {
    validation::password(&pass).map_err(anyhow::Error::msg)?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&pass)).await??;
    let found = store
        .set_password(&validation::username_key(name), &hash)
        .await
        .context("cannot update password")?;
    anyhow::ensure!(found, "no user named `{}`", name.trim());
    Ok(())
}
