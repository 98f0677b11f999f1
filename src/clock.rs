//! The one clock: times are stored as Unix seconds everywhere (sessions, attempts,
//! jobs, invites), so every layer reads them the same way.

/// Current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
