//! Tasks inside the content folder: reading `tasks/` and placing tasks in lessons.
//!
//! 1. [`read`] collects a module's task sources: `tasks/<id>.toml`, or
//!    `tasks/<id>/task.toml` for tasks that come with files. Reading is the only I/O.
//! 2. [`place`] runs after a lesson is rendered: each ```` ```task ```` block is either a
//!    task id from step 1 or an inline task's TOML, and the lesson's HTML is split into
//!    [`Segment`]s around them.
//! 3. [`report_unplaced`] warns about tasks no lesson shows.
//!
//! A task may sit in one lesson only, so its attempts count toward exactly one lesson.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use super::catalog::Segment;
use super::markdown::{LinkResolver, Rendered, TASK_MARK};
use super::problems::{line_of, Problems};
use super::task_definition::{self as definition, is_task_name, Origin};
use crate::tasks::Task;

/// A task file read from disk, not yet compiled.
#[derive(Debug)]
pub struct TaskSource {
    /// The file read, for reports.
    pub file: PathBuf,
    /// The id the file name gives the task.
    pub name: String,
    /// The task's TOML.
    pub text: String,
    /// For a task folder: its other files by relative path (`starter.py`,
    /// `tests/test_basics.py`).
    pub folder: Option<BTreeMap<String, String>>,
}

/// Reads every task definition in `<module>/tasks/`, sorted by name.
pub fn read(
    module_dir: &Path,
    read_text: impl Fn(&Path, &mut Problems) -> Option<String>,
    problems: &mut Problems,
) -> Vec<TaskSource> {
    let dir = module_dir.join("tasks");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut sources = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        let (name, file) = if path.is_dir() {
            (file_name.clone(), path.join("task.toml"))
        } else if let Some(stem) = file_name.strip_suffix(".toml") {
            (stem.to_owned(), path.clone())
        } else {
            problems.warning(
                &path,
                None,
                "ignored: tasks/ holds `<id>.toml` files and `<id>/` folders",
            );
            continue;
        };
        if !is_task_name(&name) {
            problems.error(
                &path,
                None,
                "task ids (file and folder names in tasks/) use lowercase letters, digits and '-'",
            );
            continue;
        }
        if !file.is_file() {
            problems.error(&file, None, "missing task.toml: a task folder needs one");
            continue;
        }
        let folder = path
            .is_dir()
            .then(|| read_folder(&path, &read_text, problems));
        if let Some(text) = read_text(&file, problems) {
            sources.push(TaskSource {
                file,
                name,
                text,
                folder,
            });
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// The files of a task folder (one level of subfolders, such as `tests/`), without
/// `task.toml` and hidden files.
fn read_folder(
    dir: &Path,
    read_text: &impl Fn(&Path, &mut Problems) -> Option<String>,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.')
                || name == "__pycache__"
                || (prefix.is_empty() && name == "task.toml")
            {
                continue;
            }
            if path.is_dir() {
                if prefix.is_empty() {
                    pending.push((path, format!("{name}/")));
                }
            } else if let Some(text) = read_text(&path, problems) {
                files.insert(format!("{prefix}{name}"), text);
            }
        }
    }
    files
}

/// Compiles a module's task files; unusable ones are left out with problems recorded.
pub fn compile(
    sources: &[TaskSource],
    module: &str,
    links: &dyn LinkResolver,
    problems: &mut Problems,
) -> HashMap<String, Task> {
    sources
        .iter()
        .filter_map(|source| {
            let origin = Origin {
                file: &source.file,
                text: &source.text,
                first_line: 1,
                folder: source.folder.as_ref(),
            };
            definition::load(&origin, module, Some(&source.name), links, problems)
        })
        .map(|task| (task.name.clone(), task))
        .collect()
}

/// Where each task has been placed so far: name to (lesson file, line).
pub type Placements = HashMap<String, (PathBuf, usize)>;

/// A lesson whose task blocks are being placed.
pub struct LessonSource<'a> {
    /// The lesson file, for reports.
    pub file: &'a Path,
    /// The lesson's Markdown after its front matter.
    pub body: &'a str,
    /// Line of `body`'s first line in `file`.
    pub body_line: usize,
}

/// Splits a rendered lesson into segments, resolving each task block to a task of
/// `tasks` (inline tasks are compiled and added to it).
pub fn place(
    lesson: &LessonSource<'_>,
    rendered: Rendered,
    module: &str,
    links: &dyn LinkResolver,
    tasks: &mut HashMap<String, Task>,
    placements: &mut Placements,
    problems: &mut Problems,
) -> Vec<Segment> {
    let mut segments = Vec::new();
    for (i, part) in rendered.html.split(TASK_MARK).enumerate() {
        if i % 2 == 0 {
            if !part.is_empty() {
                segments.push(Segment::Html(part.to_owned()));
            }
            continue;
        }
        let Some(fence) = part
            .parse::<usize>()
            .ok()
            .and_then(|n| rendered.tasks.get(n))
        else {
            continue;
        };
        let line = lesson.body_line + line_of(lesson.body, fence.offset) - 1;
        let reference = fence.body.trim();
        let name = if is_task_name(reference) {
            if !tasks.contains_key(reference) {
                problems.field_error(
                    lesson.file,
                    Some(line),
                    "task",
                    format!("no task `{reference}` in {module}/tasks/ (or it has errors reported above)"),
                );
                continue;
            }
            reference.to_owned()
        } else {
            let origin = Origin {
                file: lesson.file,
                text: &fence.body,
                first_line: line,
                folder: None,
            };
            let Some(task) = definition::load(&origin, module, None, links, problems) else {
                continue;
            };
            if tasks.contains_key(&task.name) {
                problems.field_error(
                    lesson.file,
                    Some(line),
                    "id",
                    format!("task id `{}` is already used in this module", task.name),
                );
                continue;
            }
            let name = task.name.clone();
            tasks.insert(name.clone(), task);
            name
        };
        if let Some((file, first)) = placements.get(&name) {
            problems.field_error(
                lesson.file,
                Some(line),
                "task",
                format!(
                    "task `{name}` is already placed at {}:{first}; a task belongs to one lesson",
                    file.display()
                ),
            );
            continue;
        }
        placements.insert(name.clone(), (lesson.file.to_path_buf(), line));
        segments.push(Segment::Task(name));
    }
    segments
}

/// Warns about tasks that exist but appear in no lesson, so learners never see them.
pub fn report_unplaced(
    tasks: &HashMap<String, Task>,
    placements: &Placements,
    problems: &mut Problems,
) {
    let mut unplaced: Vec<&Task> = tasks
        .values()
        .filter(|t| !placements.contains_key(&t.name))
        .collect();
    unplaced.sort_by(|a, b| a.name.cmp(&b.name));
    for task in unplaced {
        problems.warning(
            &task.source,
            None,
            format!(
                "task `{}` is not placed in any lesson; add a ```task block containing `{}` where it belongs",
                task.name, task.name
            ),
        );
    }
}
