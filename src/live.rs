//! A value the server can replace while it runs (`cairn serve --watch` swaps in a newly
//! loaded catalog or set of templates). Readers take the current version as an `Arc`
//! and keep it for the rest of their request, so a request never sees half of one
//! version and half of the next. Without `--watch` the value is simply never replaced.

use std::sync::{Arc, RwLock};

/// The current version of a `T`.
#[derive(Debug)]
pub struct Live<T> {
    current: RwLock<Arc<T>>,
}

impl<T> Live<T> {
    /// Starts with `value`.
    pub fn new(value: T) -> Self {
        Self {
            current: RwLock::new(Arc::new(value)),
        }
    }

    /// The current version.
    pub fn get(&self) -> Arc<T> {
        match self.current.read() {
            Ok(current) => current.clone(),
            // A writer never panics while holding the lock (it only swaps an Arc), but
            // if one did, the value inside is still a whole version.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Makes `value` the current version; readers holding the old one keep it.
    pub fn set(&self, value: T) {
        let value = Arc::new(value);
        match self.current.write() {
            Ok(mut current) => *current = value,
            Err(poisoned) => *poisoned.into_inner() = value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Live;

    #[test]
    fn readers_keep_the_version_they_took() {
        let live = Live::new(String::from("first"));
        let held = live.get();
        live.set(String::from("second"));
        assert_eq!(*held, "first");
        assert_eq!(*live.get(), "second");
    }
}
