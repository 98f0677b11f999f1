//! `cairn serve --watch`: reloads the content and templates when their files change, so
//! an instructor sees an edit on the next page load.
//!
//! A thread compares a fingerprint of the watched folders (every file's path, size and
//! modification time) a few times a second. Polling, rather than inotify, works the same
//! on every filesystem an instructor might edit on, bind mounts from another OS
//! included, and a few hundred `stat` calls cost nothing. An edit that loads cleanly
//! replaces the catalog or templates as a whole; one that does not is logged, and the
//! last good version keeps serving while the problem is shown to instructors and admins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::files::walk;
use super::render::Templates;
use super::AppState;

/// How often the folders are compared: edits show within about this long plus the
/// time to load.
const POLL: Duration = Duration::from_millis(250);

/// A request that took the old catalog just before a reload may store its page in the
/// anonymous page cache just after the reload cleared it; clearing once more this long
/// after the reload removes such a page.
const SETTLE: Duration = Duration::from_secs(2);

/// What is watched.
#[derive(Debug, Clone)]
pub struct Folders {
    pub content: PathBuf,
    pub templates: PathBuf,
    pub theme_templates: Option<PathBuf>,
}

/// Path -> (size, modified) for every file under the folders.
type Fingerprint = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

fn fingerprint(folders: &[&Path]) -> Fingerprint {
    let mut files = Fingerprint::new();
    for folder in folders {
        // A folder that vanished mid-edit just has no files this time round.
        let _ = walk(folder, "", &mut |_, path: PathBuf| {
            if let Ok(meta) = std::fs::metadata(&path) {
                files.insert(path, (meta.len(), meta.modified().ok()));
            }
        });
    }
    files
}

/// Starts the watching thread for as long as the process runs.
pub fn start(state: Arc<AppState>, folders: Folders) {
    let content = folders.content.display().to_string();
    let spawned = std::thread::Builder::new()
        .name("cairn-watch".into())
        .spawn(move || watch(&state, &folders));
    match spawned {
        Ok(_) => tracing::info!(%content, "watching content and templates for changes"),
        Err(err) => tracing::error!(error = %err, "cannot start watching for changes"),
    }
}

fn watch(state: &AppState, folders: &Folders) {
    let content = [folders.content.as_path()];
    let mut templates = vec![folders.templates.as_path()];
    templates.extend(folders.theme_templates.as_deref());
    let mut seen_content = fingerprint(&content);
    let mut seen_templates = fingerprint(&templates);
    let mut clear_again: Option<Instant> = None;
    loop {
        std::thread::sleep(POLL);
        if clear_again.is_some_and(|at| Instant::now() >= at) {
            state.pages.clear();
            clear_again = None;
        }
        let now_content = fingerprint(&content);
        let now_templates = fingerprint(&templates);
        let content_changed = now_content != seen_content;
        let templates_changed = now_templates != seen_templates;
        if !content_changed && !templates_changed {
            continue;
        }
        seen_content = now_content;
        seen_templates = now_templates;
        reload(state, folders);
        clear_again = Some(Instant::now() + SETTLE);
    }
}

/// Loads both the content and the templates again; whatever loads cleanly replaces
/// the version serving, and the problems of the rest are kept for the banner.
pub fn reload(state: &AppState, folders: &Folders) {
    let started = Instant::now();
    let mut problems = Vec::new();
    match crate::startup::load_catalog(&folders.content) {
        Ok(catalog) => state.catalog.set(catalog),
        Err(err) => problems.push(format!("{err:#}")),
    }
    match Templates::load(&folders.templates, folders.theme_templates.as_deref()) {
        Ok(templates) => state.templates.set(templates),
        Err(err) => problems.push(format!("{err:#}")),
    }
    state.pages.clear();
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let problem = if problems.is_empty() {
        tracing::info!(elapsed_ms, "content and templates reloaded");
        None
    } else {
        let text = problems.join("\n");
        tracing::warn!(
            elapsed_ms,
            "reload failed; the last good version keeps serving:\n{text}"
        );
        Some(text)
    };
    if let Ok(mut slot) = state.reload_problem.write() {
        *slot = problem;
    }
}
