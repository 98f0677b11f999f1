//! The database: one [`Store`] over SQLite (the default) or PostgreSQL.
//!
//! Both backends go through sqlx's `Any` driver so each query is written once, with
//! `$n` placeholders that both accept. Where the dialects differ, the query picks by
//! [`Dialect`]; each backend has its own migrations folder, embedded in the binary and
//! kept in step (same file names). Only this module writes SQL, always with bound
//! parameters. Times are Unix seconds in 64-bit integers on both backends.

mod attempts;
mod cohorts;
mod drafts;
mod export;
mod grading;
mod migrations;
mod progress;
mod sessions;
mod settings;
mod throttle;
mod users;

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use attempts::{NewAttempt, RecentAttempts, Recorded, TaskStatusRow};
pub use cohorts::{AttemptExport, CohortRow, CohortTaskStatus, InviteRow, MemberRow, Redeemed};
pub use drafts::DraftRow;
pub use export::{AttemptData, LearnerData, SubmissionData};
pub use grading::{ClaimedJob, JobRow, NewJob, QueueDepth};
pub use progress::ProgressRow;
pub use sessions::SessionRecord;
pub use throttle::Throttle;
pub use users::{username_key, LoginRecord, NewUser, UserRow};

/// Which SQL dialect the pool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite, from a `sqlite:` URL: the default.
    Sqlite,
    /// PostgreSQL, from a `postgres:` URL.
    Postgres,
}

/// Why a store call failed: the caller can act on `Conflict`; anything else is a 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An insert hit a unique key (a taken username, say); the caller can say so.
    #[error("a row with the same unique key already exists")]
    Conflict,
    /// Anything else; the cause goes to the log, the client gets a 500.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => StoreError::Database(err),
        }
    }
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// The connection pools and their dialect; cheap to clone, shared by every worker.
///
/// Reads go to `pool`; writes go to `writer`. On PostgreSQL they are the same pool. On
/// SQLite, which lets one connection write at a time, `writer` is a single connection:
/// writers then queue in the pool, in order, instead of colliding on the database lock
/// and backing off in SQLite's busy handler, which sleeps whole milliseconds.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    writer: AnyPool,
    dialect: Dialect,
}

impl Store {
    /// Connects to `url` (`sqlite:` path or `postgres://`), creating a SQLite file and
    /// its folder if missing, and applies pending migrations.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let url = normalise_url(url)?;
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else {
            anyhow::bail!("unsupported database URL (use sqlite:PATH or postgres://…)");
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let sqlite = |connections| {
            AnyPoolOptions::new()
                .max_connections(connections)
                // A local file cannot drop a connection the way a network can; the
                // default ping before every acquire would double the round trips to
                // the connection's thread.
                .test_before_acquire(false)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA journal_size_limit = 67108864").await?;
                        Ok(())
                    })
                })
        };
        let connect = |pool_options: AnyPoolOptions| {
            let options = options.clone();
            async move {
                pool_options
                    .connect_with(options)
                    .await
                    .context("cannot connect to the database")
            }
        };
        let (pool, writer) = match dialect {
            Dialect::Sqlite => {
                // The writer connects first, so it creates the file and turns on WAL.
                let writer = connect(sqlite(1)).await?;
                (connect(sqlite(8)).await?, writer)
            }
            Dialect::Postgres => {
                let pool = connect(AnyPoolOptions::new().max_connections(16)).await?;
                (pool.clone(), pool)
            }
        };
        Ok(Self {
            pool,
            writer,
            dialect,
        })
    }

    /// Applies the embedded migrations for this dialect.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn migrate(&self) -> anyhow::Result<()> {
        migrations::run(&self.writer, self.dialect).await
    }

    /// Answers when the database does: the health check.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite: moves the write-ahead log into the database and starts it afresh.
    ///
    /// SQLite checkpoints on its own after each commit, but a checkpoint cannot finish
    /// while any reader is mid-query, and under steady traffic one always is: the log
    /// then grows without bound (hundreds of MB in `bench/submit`). A RESTART checkpoint
    /// waits (within the busy timeout) for the readers in the way, then lets the next
    /// writer start at the beginning of the log. Called periodically by the server.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn checkpoint(&self) -> StoreResult<()> {
        if self.dialect == Dialect::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(RESTART)")
                .execute(&self.writer)
                .await?;
        }
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to `file` while it stays in use
    /// (`VACUUM INTO` reads one snapshot; writers carry on). The copy is compact and
    /// is itself a database Cairn can open. PostgreSQL has `pg_dump` for this.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn backup(&self, file: &Path) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.dialect == Dialect::Sqlite,
            "`cairn backup` copies SQLite databases; back up PostgreSQL with pg_dump (docs/deploy.md)"
        );
        anyhow::ensure!(
            !file.exists(),
            "{} already exists; a backup never overwrites a file, choose a new name",
            file.display()
        );
        let target = file
            .to_str()
            .context("the backup file name must be valid UTF-8")?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await
            .with_context(|| format!("cannot write the backup to {}", file.display()))?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to be returned.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// The file behind a SQLite URL (`None` for PostgreSQL and in-memory databases).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return None;
    }
    let (file, _) = sqlite_parts(url);
    (file != ":memory:").then(|| file.into())
}

/// A SQLite URL's file and query string; a bare path is a file.
fn sqlite_parts(url: &str) -> (&str, &str) {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    path.split_once('?').unwrap_or((path, ""))
}

/// Accepts `sqlite:…` URLs, plain file paths, and PostgreSQL URLs; makes SQLite create
/// the file and its folder on first run.
fn normalise_url(url: &str) -> anyhow::Result<String> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Ok(url.to_owned());
    }
    let (file, query) = sqlite_parts(url);
    if file != ":memory:" {
        if let Some(parent) = Path::new(file)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create database folder {}", parent.display()))?;
        }
    }
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if !params.iter().any(|p| p.starts_with("mode=")) {
        params.push("mode=rwc");
    }
    Ok(format!("sqlite://{file}?{}", params.join("&")))
}

#[cfg(test)]
mod tests {
    use super::normalise_url;

    #[test]
    fn sqlite_urls_and_paths_create_the_file() {
        let dir = std::env::temp_dir().join(format!("cairn-url-{}", std::process::id()));
        let path = dir.join("x.db");
        let url = normalise_url(path.to_str().unwrap()).unwrap();
        assert_eq!(url, format!("sqlite://{}?mode=rwc", path.display()));
        assert!(dir.is_dir());
        assert_eq!(
            normalise_url("postgres://localhost/db").unwrap(),
            "postgres://localhost/db"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
