//! Lesson content: from the `content/` folder to an immutable, pre-rendered [`Catalog`].
//!
//! `front_matter` parses TOML (no I/O), `markdown` renders (no I/O), `task_definition`
//! turns a task's TOML into a [`crate::tasks::Task`] (no I/O), `loader` reads the folder
//! and validates it, collecting every [`Problems`] entry, and `catalog` is the result the
//! web layer reads. Content depends on `tasks` for the task types; never the reverse.

pub mod catalog;
pub mod environments;
pub mod front_matter;
pub mod loader;
pub mod markdown;
pub mod problems;
pub mod search;
pub mod task_definition;
pub mod task_files;

pub use catalog::{Catalog, Lesson, Module, ModuleParts, Segment};
pub use loader::load;
pub use problems::{Problem, Problems, Severity};

use std::path::Path;

/// Loads and validates the content folder; on errors the report is the error.
pub fn load_catalog(dir: &Path) -> anyhow::Result<Catalog> {
    let (catalog, problems) = load(dir);
    for warning in problems
        .all()
        .iter()
        .filter(|p| p.severity == Severity::Warning)
    {
        tracing::warn!("{warning}");
    }
    match catalog {
        Some(catalog) => Ok(catalog),
        None => anyhow::bail!("the content in {} has problems:\n{problems}", dir.display()),
    }
}
