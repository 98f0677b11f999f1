//! Migrations embedded in the binary, one list per dialect, run with sqlx's migrator.
//!
//! Both folders hold the same file names; a new migration is added to both folders and
//! to both lists below, so one binary upgrades either backend.

use std::borrow::Cow;

use anyhow::Context;
use futures_core::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::AnyPool;

use super::Dialect;

/// (version, description, SQL) for each dialect, in order.
type Embedded = &'static [(i64, &'static str, &'static str)];

const SQLITE: Embedded = &[
    (
        1,
        "core",
        include_str!("../../migrations/sqlite/0001_core.sql"),
    ),
    (
        2,
        "tasks",
        include_str!("../../migrations/sqlite/0002_tasks.sql"),
    ),
    (
        3,
        "grading",
        include_str!("../../migrations/sqlite/0003_grading.sql"),
    ),
    (
        4,
        "cohorts",
        include_str!("../../migrations/sqlite/0004_cohorts.sql"),
    ),
    (
        5,
        "disabled users",
        include_str!("../../migrations/sqlite/0005_disabled_users.sql"),
    ),
    (
        6,
        "site settings",
        include_str!("../../migrations/sqlite/0006_site_settings.sql"),
    ),
    (
        7,
        "failed tests",
        include_str!("../../migrations/sqlite/0007_failed_tests.sql"),
    ),
    (
        8,
        "attempt points",
        include_str!("../../migrations/sqlite/0008_attempt_points.sql"),
    ),
    (
        9,
        "drafts",
        include_str!("../../migrations/sqlite/0009_drafts.sql"),
    ),
    (
        10,
        "try runs",
        include_str!("../../migrations/sqlite/0010_try_runs.sql"),
    ),
];

const POSTGRES: Embedded = &[
    (
        1,
        "core",
        include_str!("../../migrations/postgres/0001_core.sql"),
    ),
    (
        2,
        "tasks",
        include_str!("../../migrations/postgres/0002_tasks.sql"),
    ),
    (
        3,
        "grading",
        include_str!("../../migrations/postgres/0003_grading.sql"),
    ),
    (
        4,
        "cohorts",
        include_str!("../../migrations/postgres/0004_cohorts.sql"),
    ),
    (
        5,
        "disabled users",
        include_str!("../../migrations/postgres/0005_disabled_users.sql"),
    ),
    (
        6,
        "site settings",
        include_str!("../../migrations/postgres/0006_site_settings.sql"),
    ),
    (
        7,
        "failed tests",
        include_str!("../../migrations/postgres/0007_failed_tests.sql"),
    ),
    (
        8,
        "attempt points",
        include_str!("../../migrations/postgres/0008_attempt_points.sql"),
    ),
    (
        9,
        "drafts",
        include_str!("../../migrations/postgres/0009_drafts.sql"),
    ),
    (
        10,
        "try runs",
        include_str!("../../migrations/postgres/0010_try_runs.sql"),
    ),
];

#[derive(Debug)]
struct EmbeddedSource(Embedded);

impl<'s> MigrationSource<'s> for EmbeddedSource {
    fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*description),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// Applies every migration not yet applied.
pub(crate) async fn run(pool: &AnyPool, dialect: Dialect) -> anyhow::Result<()> {
    let source = match dialect {
        Dialect::Sqlite => EmbeddedSource(SQLITE),
        Dialect::Postgres => EmbeddedSource(POSTGRES),
    };
    let migrator = Migrator::new(source)
        .await
        .map_err(|e| anyhow::anyhow!("cannot load migrations: {e}"))?;
    migrator
        .run(pool)
        .await
        .context("cannot apply database migrations")
}
