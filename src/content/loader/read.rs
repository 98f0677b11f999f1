//! Step 2 of loading: the module folders, each module's `module.toml`, lessons (split
//! into front matter and body, not yet rendered), assets and task sources.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::{read_text, take, Draft, LessonDraft};
use crate::content::environments;
use crate::content::front_matter::{self, LessonMeta, ModuleMeta};
use crate::content::problems::Problems;
use crate::content::task_files;

/// Folder names inside a module that are never served (task sources, hidden tests).
const PRIVATE_DIRS: &[&str] = &["tasks"];

/// Module folder and lesson slugs: lowercase letters, digits and '-', not starting
/// with '-'.
fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Files and folders the loader skips.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// The module folders present on disk, by name.
pub(super) fn module_folders(root: &Path, problems: &mut Problems) -> HashSet<String> {
    let mut folders = HashSet::new();
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(err) => {
            problems.error(root, None, format!("cannot list folder: {err}"));
            return folders;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) || !entry.path().is_dir() || name == environments::FOLDER {
            continue;
        }
        if !is_slug(&name) {
            problems.error(
                &entry.path(),
                None,
                "module folder names use lowercase letters, digits and '-' only",
            );
            continue;
        }
        folders.insert(name);
    }
    folders
}

/// Splits `NN-slug.md` into its number and slug.
fn lesson_name(file_name: &str) -> Option<(u32, &str)> {
    let stem = file_name.strip_suffix(".md")?;
    let (number, slug) = stem.split_once('-')?;
    let number = number
        .parse()
        .ok()
        .filter(|_| number.chars().all(|c| c.is_ascii_digit()))?;
    is_slug(slug).then_some((number, slug))
}

/// Reads one module folder: `module.toml`, its lessons (parsed, not rendered), its
/// assets and its task sources.
pub(super) fn read_module(root: &Path, slug: &str, problems: &mut Problems) -> Option<Draft> {
    let dir = root.join(slug);
    let meta_file = dir.join("module.toml");
    if !meta_file.is_file() {
        problems.error(
            &meta_file,
            None,
            "missing module.toml (title and summary of the module)",
        );
        return None;
    }
    let meta_text = read_text(&meta_file, problems)?;
    let meta = take(
        front_matter::parse_toml::<ModuleMeta>(&meta_text, &meta_file, 1),
        problems,
    )?;

    let Ok(entries) = fs::read_dir(&dir) else {
        problems.error(&dir, None, "cannot list module folder");
        return None;
    };
    let mut lesson_paths = Vec::new();
    let mut assets = HashMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) || name == "module.toml" {
            continue;
        }
        if path.is_dir() {
            if !PRIVATE_DIRS.contains(&name.as_str()) {
                collect_assets(&path, &name, &mut assets);
            }
        } else if name.ends_with(".md") {
            lesson_paths.push((name, path));
        } else {
            assets.insert(name, path);
        }
    }
    lesson_paths.sort();

    let mut lessons = Vec::new();
    let mut lesson_files = HashMap::new();
    let mut by_slug: HashMap<String, PathBuf> = HashMap::new();
    let mut by_number: HashMap<u32, PathBuf> = HashMap::new();
    for (name, path) in lesson_paths {
        let Some((number, lesson_slug)) = lesson_name(&name) else {
            problems.error(
                &path,
                None,
                "lesson file names look like `01-my-lesson.md`: a number, '-', then lowercase letters, digits and '-'",
            );
            continue;
        };
        // Links to this file resolve even when it has a problem, so one mistake is
        // reported once rather than again at every link to it.
        lesson_files.insert(name.clone(), lesson_slug.to_owned());
        if let Some(other) = by_slug.insert(lesson_slug.to_owned(), path.clone()) {
            problems.error(
                &path,
                None,
                format!(
                    "duplicate lesson slug `{lesson_slug}`: also used by {}",
                    other.display()
                ),
            );
        }
        if let Some(other) = by_number.insert(number, path.clone()) {
            problems.error(
                &path,
                None,
                format!(
                    "lesson number {number:02} is also used by {}; the order would be ambiguous",
                    other.display()
                ),
            );
        }
        if let Some(lesson) = read_lesson(&path, lesson_slug, problems) {
            lessons.push((number, lesson));
        }
    }
    lessons.sort_by_key(|(number, _)| *number);
    if by_slug.is_empty() {
        problems.warning(&dir, None, "module has no lessons yet");
    }
    let tasks = task_files::read(&dir, read_text, problems);
    Some(Draft {
        slug: slug.to_owned(),
        meta_file,
        meta_text,
        meta,
        lessons: lessons.into_iter().map(|(_, lesson)| lesson).collect(),
        lesson_files,
        assets,
        tasks,
    })
}

/// Every file under `dir`, by path relative to the module folder.
fn collect_assets(dir: &Path, prefix: &str, assets: &mut HashMap<String, PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) {
            continue;
        }
        let key = format!("{prefix}/{name}");
        let path = entry.path();
        if path.is_dir() {
            collect_assets(&path, &key, assets);
        } else {
            assets.insert(key, path);
        }
    }
}

/// Reads one lesson file and its front matter.
fn read_lesson(file: &Path, slug: &str, problems: &mut Problems) -> Option<LessonDraft> {
    let text = read_text(file, problems)?;
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err((line, message)) => {
            problems.error(file, Some(line), message);
            return None;
        }
    };
    let meta: LessonMeta = take(
        front_matter::parse_toml(split.front, file, split.front_line),
        problems,
    )?;
    for (field, value) in [("title", &meta.title), ("summary", &meta.summary)] {
        if value.trim().is_empty() {
            problems.field_error(file, Some(split.front_line), field, "must not be empty");
        }
    }
    Some(LessonDraft {
        file: file.to_path_buf(),
        slug: slug.to_owned(),
        body: split.body.to_owned(),
        body_line: split.body_line,
        meta,
    })
}
