//! Session tokens and their lifetime rules.
//!
//! The cookie carries 256 random bits; the database stores only their SHA-256, so a
//! leaked database cannot be replayed as cookies. A session ends when signed out, when
//! idle longer than `idle`, or when older than `absolute`.

use sha2::{Digest, Sha256};

use crate::store::SessionRecord;

/// A new random session token for the cookie.
pub fn new_token() -> String {
    super::random_token()
}

/// The value stored in the database for a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long sessions live, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused for this many seconds ends.
    pub idle: i64,
    /// A session ends this many seconds after sign-in, however active.
    pub absolute: i64,
}

/// How stale `last_seen_at` may get before a request refreshes it: saves a write per
/// request while keeping the idle timeout accurate to a minute.
const TOUCH_AFTER: i64 = 60;

impl SessionPolicy {
    /// True while neither timeout has passed.
    pub fn is_live(&self, session: &SessionRecord, now: i64) -> bool {
        now - session.last_seen_at < self.idle && now - session.created_at < self.absolute
    }

    /// True when the session's last activity should be written again.
    pub fn needs_touch(&self, session: &SessionRecord, now: i64) -> bool {
        now - session.last_seen_at >= TOUCH_AFTER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(created_at: i64, last_seen_at: i64) -> SessionRecord {
        SessionRecord {
            user_id: 1,
            username: "a".into(),
            role: "learner".into(),
            csrf_token: "t".into(),
            created_at,
            last_seen_at,
            progress: Vec::new(),
        }
    }

    #[test]
    fn tokens_are_256_bits_and_only_their_hash_is_kept() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        assert_eq!(hash_token(&token).len(), 64);
        assert_ne!(hash_token(&token), token);
    }

    #[test]
    fn idle_and_absolute_timeouts_end_a_session() {
        let policy = SessionPolicy {
            idle: 100,
            absolute: 1000,
        };
        assert!(policy.is_live(&record(0, 950), 1000 - 1));
        assert!(!policy.is_live(&record(0, 0), 100));
        assert!(!policy.is_live(&record(0, 999), 1000));
    }
}
