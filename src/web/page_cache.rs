//! Rendered pages for anonymous readers.
//!
//! Every anonymous reader sees the same bytes for a given URL (no user, no token, no
//! progress), and the catalog changes only when `--watch` reloads it (which clears this
//! cache), so the first rendering of each reading page is kept and served from memory
//! afterwards. The cache
//! stops growing at a byte budget; past it, pages are rendered on every request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

use actix_web::web::Bytes;

/// Rendered pages by URL path, within a memory budget.
pub struct PageCache {
    pages: RwLock<HashMap<String, Bytes>>,
    used: AtomicUsize,
    budget: usize,
}

impl PageCache {
    /// A cache that holds at most `budget` bytes of pages.
    pub fn new(budget: usize) -> Self {
        Self {
            pages: RwLock::new(HashMap::new()),
            used: AtomicUsize::new(0),
            budget,
        }
    }

    /// The page stored for `path`, if any.
    pub fn get(&self, path: &str) -> Option<Bytes> {
        self.pages.read().ok()?.get(path).cloned()
    }

    /// Forgets every page: the content or templates changed (`--watch`).
    pub fn clear(&self) {
        if let Ok(mut pages) = self.pages.write() {
            pages.clear();
            self.used.store(0, Ordering::Relaxed);
        }
    }

    /// Keeps `page` for `path` unless that would pass the budget, or `still_current`,
    /// asked while no one can clear the cache, says the page was built from content or
    /// templates that have been replaced since.
    pub fn insert(&self, path: &str, page: Bytes, still_current: impl FnOnce() -> bool) {
        if self.used.load(Ordering::Relaxed) + page.len() > self.budget {
            return;
        }
        if let Ok(mut pages) = self.pages.write() {
            if !still_current() {
                return;
            }
            let size = page.len();
            if pages.insert(path.to_owned(), page).is_none() {
                self.used.fetch_add(size, Ordering::Relaxed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_until_the_budget_is_spent() {
        let cache = PageCache::new(10);
        cache.insert("/a", Bytes::from_static(b"123456"), || true);
        cache.insert("/b", Bytes::from_static(b"123456"), || true);
        assert_eq!(cache.get("/a").as_deref(), Some(&b"123456"[..]));
        assert!(cache.get("/b").is_none());
    }

    #[test]
    fn pages_from_a_replaced_version_are_not_kept() {
        let cache = PageCache::new(100);
        cache.insert("/a", Bytes::from_static(b"old"), || false);
        assert!(cache.get("/a").is_none());
        cache.insert("/a", Bytes::from_static(b"new"), || true);
        cache.clear();
        assert!(cache.get("/a").is_none());
    }
}
