//! Serving files: `static/` and the files beside lessons.
//!
//! Both are indexed when the server starts, and a request is only ever answered from
//! that index: a URL is a key, never a path joined onto a folder, so `..`, encoded
//! dots or absolute paths cannot reach anything outside. Files are opened off the async
//! workers, with ETag/Last-Modified from actix-files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// How long browsers may reuse files from `static/` before revalidating.
pub const STATIC_CACHE: u32 = 3600;
/// How long browsers may reuse lesson files before revalidating.
pub const CONTENT_CACHE: u32 = 300;

/// Files under `static/`, by URL path relative to `/static/`.
pub struct StaticFiles {
    /// The file on disk for each URL path.
    pub files: HashMap<String, PathBuf>,
}

impl StaticFiles {
    /// Walks `dir` once, then the theme's static folder, whose files replace or add to
    /// those of `dir`; hidden files are skipped.
    pub fn index(dir: &Path, theme: Option<&Path>) -> anyhow::Result<Self> {
        let mut files = HashMap::new();
        let mut keep = |key, path| {
            files.insert(key, path);
        };
        walk(dir, "", &mut keep)
            .with_context(|| format!("cannot read static folder {}", dir.display()))?;
        if let Some(theme) = theme.filter(|t| t.is_dir()) {
            walk(theme, "", &mut keep).with_context(|| {
                format!("cannot read the theme's static folder {}", theme.display())
            })?;
        }
        Ok(Self { files })
    }

    /// Whether `/static/{key}` is served.
    pub fn contains(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }
}

/// Calls `found` with each file under `dir` and its `/`-separated name relative to the
/// walk's start; hidden files and folders are skipped.
pub(super) fn walk(
    dir: &Path,
    prefix: &str,
    found: &mut impl FnMut(String, PathBuf),
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let key = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &key, found)?;
        } else {
            found(key, entry.path());
        }
    }
    Ok(())
}
