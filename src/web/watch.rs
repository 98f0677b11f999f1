//! `cairn serve --watch`: reloads the content and templates when their files change, so
//! an instructor sees an edit on the next page load.
//!
//! A thread compares a fingerprint of the watched folders (every file's path, size,
//! modification time, and for files modified in the last few seconds a hash of their
//! bytes, since some filesystems keep times to the second or two) a few times a second. Polling, rather than inotify, works the same
//! on every filesystem an instructor might edit on, bind mounts from another OS
//! included, and a few hundred `stat` calls cost nothing. An edit that loads cleanly
//! replaces the catalog or templates as a whole; one that does not is logged, and the
//! last good version keeps serving while the problem is shown to instructors and admins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::web::state::AppState;
use crate::web::static_files::walk;
use crate::web::templates::Templates;

/// How often the folders are compared: edits show within about this long plus the
/// time to load.
const POLL: Duration = Duration::from_millis(250);

/// What is watched.
#[derive(Debug, Clone)]
pub struct Folders {
    /// The content folder (`content_dir`).
    pub content: PathBuf,
    /// The bundled templates (`templates_dir`).
    pub templates: PathBuf,
    /// The theme's `templates/`, whose files override the bundled ones.
    pub theme_templates: Option<PathBuf>,
}

/// How recently a file must have changed for its bytes to be hashed too: longer than
/// the coarsest timestamp resolution of common filesystems (FAT keeps two seconds), so
/// two saves within one timestamp tick that keep the size are still told apart.
const RECENT: Duration = Duration::from_secs(3);

/// Path -> (size, modified, hash of the bytes if recently modified).
type Fingerprint = BTreeMap<PathBuf, (u64, Option<SystemTime>, Option<u64>)>;

/// The folders' fingerprint now. A file whose size and time are unchanged since
/// `previous` keeps the hash it had there, so a file growing old is not a change.
fn fingerprint(folders: &[&Path], previous: &Fingerprint) -> Fingerprint {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut files = Fingerprint::new();
    let now = SystemTime::now();
    for folder in folders {
        // A folder that vanished mid-edit just has no files this time round.
        let _ = walk(folder, "", &mut |_, path: PathBuf| {
            if let Ok(meta) = std::fs::metadata(&path) {
                let modified = meta.modified().ok();
                let recent = modified
                    .and_then(|m| now.duration_since(m).ok())
                    .is_none_or(|age| age < RECENT);
                let kept = previous
                    .get(&path)
                    .filter(|(len, time, _)| *len == meta.len() && *time == modified)
                    .and_then(|(_, _, hash)| *hash);
                let hash = if recent {
                    std::fs::read(&path).ok().map(|bytes| {
                        let mut hasher = DefaultHasher::new();
                        bytes.hash(&mut hasher);
                        hasher.finish()
                    })
                } else {
                    kept
                };
                files.insert(path, (meta.len(), modified, hash));
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
    // Any change reloads both the content and the templates, so one fingerprint
    // covers every watched folder.
    let mut watched = vec![folders.content.as_path(), folders.templates.as_path()];
    watched.extend(folders.theme_templates.as_deref());
    let mut seen = fingerprint(&watched, &Fingerprint::new());
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(&watched, &seen);
        if now != seen {
            seen = now;
            reload(state, folders);
        }
    }
}

/// Loads both the content and the templates again; whatever loads cleanly replaces
/// the version serving, and the problems of the rest are kept for the banner.
pub fn reload(state: &AppState, folders: &Folders) {
    let started = Instant::now();
    let mut problems = Vec::new();
    match crate::content::load_catalog(&folders.content) {
        Ok(catalog) => state.catalog.set(catalog),
        Err(err) => problems.push(format!("{err:#}")),
    }
    match Templates::load(&folders.templates, folders.theme_templates.as_deref()) {
        Ok(templates) => state.templates.set(templates),
        Err(err) => problems.push(format!("{err:#}")),
    }
    // After both swaps: a page built from an old version and stored before this clear
    // goes now; one stored after it is refused by the cache (see `reading_page`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_same_size_edit_within_one_timestamp_is_seen_and_nothing_else_is() {
        let dir = std::env::temp_dir().join(format!("cairn-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lesson.md");
        std::fs::write(&file, "teh").unwrap();
        let stamp = std::fs::metadata(&file).unwrap().modified().unwrap();
        let first = fingerprint(&[dir.as_path()], &Fingerprint::new());
        assert_eq!(
            fingerprint(&[dir.as_path()], &first),
            first,
            "no edit, no change"
        );
        std::fs::write(&file, "the").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        let second = fingerprint(&[dir.as_path()], &first);
        assert_ne!(second, first, "same size, same time, other bytes");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
