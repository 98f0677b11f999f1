//! Checks across files: `path.toml`'s module list against the folders, prerequisites
//! (unknown or cyclic), the path's attempt credit, and tasks' environments.

use std::collections::{BTreeMap, HashMap, HashSet};

use toml::Spanned;

use super::{Draft, Toml};
use crate::content::catalog::Module;
use crate::content::environments;
use crate::content::problems::{line_of, Problems};
use crate::tasks::Kind;

/// Cross-checks `path.toml`'s list with the folders; returns the modules to load, in order.
pub(super) fn check_module_list(
    listed: &[Spanned<String>],
    folders: &HashSet<String>,
    path_toml: &Toml<'_>,
    problems: &mut Problems,
) -> Vec<String> {
    let path_file = path_toml.file;
    let mut order = Vec::new();
    for entry in listed {
        let line = Some(line_of(path_toml.text, entry.span().start));
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

/// Unknown prerequisites and cycles, reported on the `requires` line.
pub(super) fn check_prerequisites(drafts: &[Draft], problems: &mut Problems) {
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
        for req in &draft.meta.requires {
            let line = Some(line_of(&draft.meta_text, req.span().start));
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

/// Every Python task's `environment` names a folder of `environments/`.
pub(super) fn check_environments(
    modules: &[Module],
    environments: &BTreeMap<String, environments::Environment>,
    problems: &mut Problems,
) {
    for task in modules.iter().flat_map(|m| m.tasks.values()) {
        if let Kind::Python(python) = &task.kind {
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
pub(super) fn apply_attempt_credit(
    modules: &mut [Module],
    credit: &Spanned<Vec<u32>>,
    path_toml: &Toml<'_>,
    problems: &mut Problems,
) {
    let percents = credit.get_ref();
    let fits = percents.first() == Some(&100) && percents.windows(2).all(|w| w[1] <= w[0]);
    if !fits {
        problems.field_error(
            path_toml.file,
            Some(line_of(path_toml.text, credit.span().start)),
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
