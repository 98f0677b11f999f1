//! Lesson content: from the `content/` folder to an immutable, pre-rendered [`Catalog`].
//!
//! `front_matter` parses TOML (no I/O), `markdown` renders (no I/O), `loader` reads the
//! folder and validates it, collecting every [`Problems`] entry, and `catalog` is the
//! result the web layer reads.

pub mod catalog;
pub mod environments;
pub mod front_matter;
pub mod loader;
pub mod markdown;
pub mod problems;
pub mod search;
pub mod task_files;

pub use catalog::{Catalog, Lesson, Module, ModuleParts, Segment};
pub use loader::load;
pub use problems::{Problem, Problems, Severity};
