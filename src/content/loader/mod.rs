//! Reads the content folder and validates it into a [`Catalog`].
//!
//! 1. `path.toml` gives the title and the module order.
//! 2. Each module folder must hold `module.toml`; its `NN-slug.md` files are lessons,
//!    every other file (outside `tasks/`) is an asset served beside them (`read`).
//! 3. Module lists and prerequisites are cross-checked (unknown, unlisted, cyclic), and
//!    later the path's attempt credit and tasks' environments (`checks`).
//! 4. Every lesson is rendered once, with relative links resolved against the lesson
//!    files and assets found in step 2; its task blocks are resolved against the
//!    module's `tasks/` (see [`task_files`](super::task_files)) (`render`).
//!
//! Each TOML file is read once and its text kept, so problems found after parsing still
//! get the line a span points at. Nothing stops at the first problem: all of them are
//! collected and returned together.

mod checks;
mod read;
mod render;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::catalog::Catalog;
use super::environments;
use super::front_matter::{self, LessonMeta, ModuleMeta, PathMeta};
use super::markdown::{self, KeepLinks};
use super::problems::Problems;
use super::task_files::TaskSource;

/// Loads and validates `root`. The catalog is `None` when any error was found.
pub fn load(root: &Path) -> (Option<Catalog>, Problems) {
    let mut problems = Problems::default();
    let path_file = root.join("path.toml");
    // The text is kept: spans in the parsed TOML become line numbers against it.
    let Some((path_text, path_meta)) = read_text(&path_file, &mut problems).and_then(|text| {
        let meta = take(
            front_matter::parse_toml::<PathMeta>(&text, &path_file, 1),
            &mut problems,
        )?;
        Some((text, meta))
    }) else {
        if !root.is_dir() {
            problems.error(root, None, "content folder does not exist");
        }
        return (None, problems);
    };

    let folders = read::module_folders(root, &mut problems);
    let path_toml = Toml {
        file: &path_file,
        text: &path_text,
    };
    let order = checks::check_module_list(&path_meta.modules, &folders, &path_toml, &mut problems);

    let mut drafts = Vec::new();
    for slug in &order {
        if let Some(draft) = read::read_module(root, slug, &mut problems) {
            drafts.push(draft);
        }
    }
    checks::check_prerequisites(&drafts, &mut problems);

    let files: HashMap<&str, &Draft> = drafts.iter().map(|d| (d.slug.as_str(), d)).collect();
    let mut modules = render::render_modules(&drafts, &files, &mut problems);
    if let Some(credit) = &path_meta.attempt_credit {
        checks::apply_attempt_credit(&mut modules, credit, &path_toml, &mut problems);
    }
    let environments = environments::read(root, &mut problems);
    checks::check_environments(&modules, &environments, &mut problems);
    let (description, _) = markdown::render(&path_meta.description, &KeepLinks);
    if problems.has_errors() {
        return (None, problems);
    }
    let mut catalog = Catalog::new(path_meta.title, description.html, modules);
    catalog.environments = environments;
    (Some(catalog), problems)
}

/// A TOML file as read, so spans in what was parsed from it become its lines.
struct Toml<'a> {
    file: &'a Path,
    text: &'a str,
}

/// A module read from disk, lessons parsed but not yet rendered.
struct Draft {
    slug: String,
    meta_file: PathBuf,
    /// `module.toml` as read, for the lines of spans in `meta`.
    meta_text: String,
    meta: ModuleMeta,
    lessons: Vec<LessonDraft>,
    /// Lesson file name to slug, for link resolution.
    lesson_files: HashMap<String, String>,
    assets: HashMap<String, PathBuf>,
    tasks: Vec<TaskSource>,
}

struct LessonDraft {
    file: PathBuf,
    slug: String,
    meta: LessonMeta,
    body: String,
    body_line: usize,
}

/// The parsed value, or `None` with its problem recorded.
fn take<T>(result: Result<T, super::Problem>, problems: &mut Problems) -> Option<T> {
    result.map_err(|p| problems.add(p)).ok()
}

/// Reads a UTF-8 file, reporting a missing file or the line of the first invalid byte.
fn read_text(file: &Path, problems: &mut Problems) -> Option<String> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            problems.error(file, None, format!("cannot read file: {err}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            problems.error(
                file,
                Some(line),
                format!("file is not valid UTF-8 (byte {valid}); save it as UTF-8"),
            );
            None
        }
    }
}
