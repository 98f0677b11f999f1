//! Reads the content folder and validates it into a [`Catalog`].
//!
//! 1. `path.toml` gives the title and the module order.
//! 2. Each module folder must hold `module.toml`; its `NN-slug.md` files are lessons,
//!    every other file (outside `tasks/`) is an asset served beside them.
//! 3. Module lists and prerequisites are cross-checked (unknown, unlisted, cyclic).
//! 4. Every lesson is rendered once, with relative links resolved against the lesson
//!    files and assets found in step 2; its task blocks are resolved against the
//!    module's `tasks/` (see [`task_files`](super::task_files)).
//!
//! Nothing stops at the first problem: all of them are collected and returned together.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::catalog::{Catalog, Lesson, Module, ModuleParts};
use super::environments;
use super::front_matter::{self, LessonMeta, ModuleMeta, PathMeta};
use super::markdown::{self, KeepLinks, LinkResolver};
use super::problems::{line_of, Problems};
use super::task_files::{self, LessonSource, Placements, TaskSource};

/// Folder names inside a module that are never served (task sources, hidden tests).
const PRIVATE_DIRS: &[&str] = &["tasks"];

/// Loads and validates `root`. The catalog is `None` when any error was found.
pub fn load(root: &Path) -> (Option<Catalog>, Problems) {
    let mut problems = Problems::default();
    let path_file = root.join("path.toml");
    let Some(path_meta) = read_text(&path_file, &mut problems).and_then(|text| {
        take(
            front_matter::parse_toml::<PathMeta>(&text, &path_file, 1),
            &mut problems,
        )
    }) else {
        if !root.is_dir() {
            problems.error(root, None, "content folder does not exist");
        }
        return (None, problems);
    };

    let folders = module_folders(root, &mut problems);
    let order = check_module_list(&path_meta.modules, &folders, &path_file, &mut problems);

    let mut drafts = Vec::new();
    for slug in &order {
        if let Some(draft) = read_module(root, slug, &mut problems) {
            drafts.push(draft);
        }
    }
    check_prerequisites(&drafts, &mut problems);

    let files: HashMap<&str, &Draft> = drafts.iter().map(|d| (d.slug.as_str(), d)).collect();
    let mut modules = render_modules(&drafts, &files, &mut problems);
    if let Some(credit) = &path_meta.attempt_credit {
        apply_attempt_credit(&mut modules, credit, &path_file, &mut problems);
    }
    let environments = environments::read(root, &mut problems);
    check_environments(&modules, &environments, &mut problems);
    let (description, _) = markdown::render(&path_meta.description, &KeepLinks);
    if problems.has_errors() {
        return (None, problems);
    }
    let mut catalog = Catalog::new(path_meta.title, description.html, modules);
    catalog.environments = environments;
    (Some(catalog), problems)
}

/// Every Python task's `environment` names a folder of `environments/`.
fn check_environments(
    modules: &[Module],
    environments: &std::collections::BTreeMap<String, environments::Environment>,
    problems: &mut Problems,
) {
    for task in modules.iter().flat_map(|m| m.tasks.values()) {
        if let crate::tasks::Kind::Python(python) = &task.kind {
            if let Some(name) = &python.environment {
                if !environments.contains_key(name) {
                    problems.field_error(
                        &task.source,
                        None,
                        "environment",
                        format!(
                            "no environment `{name}`: add {}/{name}/requirements.txt to the content",
                            environments::FOLDER
                        ),
                    );
                }
            }
        }
    }
}

/// The path's `attempt_credit` applied to every task without a `points` list of its own:
/// `points = 10` with `[100, 70, 50]` earns 10, 7, then 5.
fn apply_attempt_credit(
    modules: &mut [Module],
    credit: &toml::Spanned<Vec<u32>>,
    path_file: &Path,
    problems: &mut Problems,
) {
    let percents = credit.get_ref();
    let fits = percents.first() == Some(&100) && percents.windows(2).all(|w| w[1] <= w[0]);
    if !fits {
        let line = std::fs::read_to_string(path_file)
            .ok()
            .map(|text| line_of(&text, credit.span().start));
        problems.field_error(
            path_file,
            line,
            "attempt_credit",
            "percents by attempt start at 100 and never rise, like [100, 70, 50]",
        );
        return;
    }
    for module in modules {
        for task in module.tasks.values_mut() {
            if task.attempt_points.len() == 1 {
                task.attempt_points = percents
                    .iter()
                    .map(|percent| (task.points * percent + 50) / 100)
                    .collect();
            }
        }
    }
}

/// A module read from disk, lessons parsed but not yet rendered.
struct Draft {
    slug: String,
    meta_file: PathBuf,
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

fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// The module folders present on disk, by name.
fn module_folders(root: &Path, problems: &mut Problems) -> HashSet<String> {
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

/// Cross-checks `path.toml`'s list with the folders; returns the modules to load, in order.
fn check_module_list(
    listed: &[Spanned<String>],
    folders: &HashSet<String>,
    path_file: &Path,
    problems: &mut Problems,
) -> Vec<String> {
    let text = fs::read_to_string(path_file).unwrap_or_default();
    let mut order = Vec::new();
    for entry in listed {
        let line = Some(line_of(&text, entry.span().start));
        let name = entry.get_ref();
        if order.contains(name) {
            problems.field_error(
                path_file,
                line,
                "modules",
                format!("module `{name}` is listed twice"),
            );
        } else if !folders.contains(name) {
            problems.field_error(
                path_file,
                line,
                "modules",
                format!(
                    "module `{name}` is listed but there is no folder {name}/ next to path.toml"
                ),
            );
        } else {
            order.push(name.clone());
        }
    }
    let mut unlisted: Vec<_> = folders.iter().filter(|f| !order.contains(f)).collect();
    unlisted.sort();
    for name in unlisted {
        if !listed.iter().any(|l| l.get_ref() == name) {
            problems.field_error(
                path_file,
                None,
                "modules",
                format!("folder {name}/ is a module but is not listed in `modules`; add it or move it out of the content folder"),
            );
        }
    }
    order
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

fn read_module(root: &Path, slug: &str, problems: &mut Problems) -> Option<Draft> {
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
    let meta = read_text(&meta_file, problems).and_then(|text| {
        take(
            front_matter::parse_toml::<ModuleMeta>(&text, &meta_file, 1),
            problems,
        )
    })?;

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
        meta,
        lessons: lessons.into_iter().map(|(_, lesson)| lesson).collect(),
        lesson_files,
        assets,
        tasks,
    })
}

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

/// Unknown prerequisites and cycles, reported on the `requires` line.
fn check_prerequisites(drafts: &[Draft], problems: &mut Problems) {
    let known: HashSet<&str> = drafts.iter().map(|d| d.slug.as_str()).collect();
    let graph: HashMap<&str, Vec<&str>> = drafts
        .iter()
        .map(|d| {
            let deps = d
                .meta
                .requires
                .iter()
                .map(|r| r.get_ref().as_str())
                .collect();
            (d.slug.as_str(), deps)
        })
        .collect();
    for draft in drafts {
        let text = fs::read_to_string(&draft.meta_file).unwrap_or_default();
        for req in &draft.meta.requires {
            let line = Some(line_of(&text, req.span().start));
            let name = req.get_ref();
            if !known.contains(name.as_str()) {
                problems.field_error(
                    &draft.meta_file,
                    line,
                    "requires",
                    format!("unknown module `{name}`"),
                );
            } else if let Some(cycle) = find_cycle(&graph, name, &draft.slug) {
                problems.field_error(
                    &draft.meta_file,
                    line,
                    "requires",
                    format!(
                        "prerequisite cycle: {} -> {}",
                        draft.slug,
                        cycle.join(" -> ")
                    ),
                );
            }
        }
    }
}

/// A path from `from` back to `target` through `requires`, if one exists.
fn find_cycle<'a>(
    graph: &HashMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    target: &str,
) -> Option<Vec<&'a str>> {
    let mut stack = vec![(from, vec![from])];
    let mut seen = HashSet::new();
    while let Some((node, trail)) = stack.pop() {
        if node == target {
            return Some(trail);
        }
        if !seen.insert(node) {
            continue;
        }
        for next in graph.get(node).into_iter().flatten() {
            let mut trail = trail.clone();
            trail.push(next);
            stack.push((next, trail));
        }
    }
    None
}

/// Resolves links in one module's lessons against every module's files.
struct Links<'a> {
    module: &'a str,
    modules: &'a HashMap<&'a str, &'a Draft>,
}

impl LinkResolver for Links<'_> {
    fn resolve(&self, dest: &str, _is_image: bool) -> Result<Option<String>, String> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || has_scheme(dest) {
            return Ok(None);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (dest, String::new()),
        };
        let path = path.split('?').next().unwrap_or(path);
        let parts = normalise(self.module, path)
            .ok_or_else(|| format!("link `{dest}` points outside the content folder"))?;
        let (module, rest) = match parts.split_first() {
            Some((module, rest)) if !rest.is_empty() => (module.as_str(), rest.join("/")),
            _ => {
                return Err(format!(
                    "link `{dest}` does not point to a lesson or a file in a module"
                ))
            }
        };
        let draft = self
            .modules
            .get(module)
            .ok_or_else(|| format!("link `{dest}`: there is no module `{module}`"))?;
        if rest.ends_with(".md") {
            let slug = draft
                .lesson_files
                .get(&rest)
                .ok_or_else(|| format!("broken link `{dest}`: no lesson file {module}/{rest}"))?;
            return Ok(Some(format!("/learn/{module}/{slug}{fragment}")));
        }
        if draft.assets.contains_key(&rest) {
            Ok(Some(format!("/learn/{module}/{rest}{fragment}")))
        } else {
            Err(format!("broken link `{dest}`: no file {module}/{rest}"))
        }
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)),
        None => false,
    }
}

/// `module` + relative `path` to components under the content root, or `None` if it escapes.
fn normalise(module: &str, path: &str) -> Option<Vec<String>> {
    let mut parts = vec![module.to_owned()];
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts)
}

/// Renders every module, spread over the machine's cores (highlighting dominates
/// loading time); problems are merged back in module order.
fn render_modules(
    drafts: &[Draft],
    files: &HashMap<&str, &Draft>,
    problems: &mut Problems,
) -> Vec<Module> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(drafts.len())
        .max(1);
    let per_thread = drafts.len().div_ceil(threads).max(1);
    let results: Vec<(Vec<Module>, Problems)> = std::thread::scope(|scope| {
        let workers: Vec<_> = drafts
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut found = Problems::default();
                    let modules = chunk
                        .iter()
                        .map(|d| render_module(d, files, &mut found))
                        .collect();
                    (modules, found)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut modules = Vec::with_capacity(drafts.len());
    for (rendered, found) in results {
        modules.extend(rendered);
        problems.append(found);
    }
    modules
}

fn render_module(
    draft: &Draft,
    modules: &HashMap<&str, &Draft>,
    problems: &mut Problems,
) -> Module {
    let links = Links {
        module: &draft.slug,
        modules,
    };
    let mut tasks = task_files::compile(&draft.tasks, &draft.slug, &links, problems);
    let mut placements = Placements::new();
    let lessons = draft
        .lessons
        .iter()
        .map(|lesson| {
            let (rendered, issues) = markdown::render(&lesson.body, &links);
            for issue in issues {
                let line = lesson.body_line + line_of(&lesson.body, issue.offset) - 1;
                problems.field_error(&lesson.file, Some(line), issue.field, issue.message);
            }
            let toc = rendered.toc.clone();
            let source = LessonSource {
                file: &lesson.file,
                body: &lesson.body,
                body_line: lesson.body_line,
            };
            let body = task_files::place(
                &source,
                rendered,
                &draft.slug,
                &links,
                &mut tasks,
                &mut placements,
                problems,
            );
            Lesson {
                id: format!("{}/{}", draft.slug, lesson.slug),
                url: format!("/learn/{}/{}", draft.slug, lesson.slug),
                slug: lesson.slug.clone(),
                title: lesson.meta.title.clone(),
                summary: lesson.meta.summary.clone(),
                estimated_minutes: lesson.meta.estimated_minutes,
                objectives: lesson.meta.objectives.clone(),
                body,
                toc,
            }
        })
        .collect();
    task_files::report_unplaced(&tasks, &placements, problems);
    Module::new(ModuleParts {
        slug: draft.slug.clone(),
        title: draft.meta.title.clone(),
        summary: draft.meta.summary.clone(),
        requires: draft
            .meta
            .requires
            .iter()
            .map(|r| r.get_ref().clone())
            .collect(),
        estimated_hours: draft.meta.estimated_hours,
        lessons,
        tasks,
        assets: draft.assets.clone(),
    })
}
