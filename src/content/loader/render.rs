//! Step 4 of loading: every lesson rendered once, links resolved against every
//! module's lesson files and assets, and task blocks placed.

use std::collections::HashMap;
use std::path::{Component, Path};

use super::Draft;
use crate::content::catalog::{Lesson, Module, ModuleParts};
use crate::content::markdown::{self, LinkResolver};
use crate::content::problems::{line_of, Problems};
use crate::content::task_files::{self, LessonSource, Placements};

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

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`), so it is left alone.
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
pub(super) fn render_modules(
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

/// Renders one module's lessons and places its tasks.
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
