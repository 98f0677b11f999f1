//! Cross-site request forgery tokens.
//!
//! Signed-in users get a random token stored with their session; anonymous forms
//! (sign-in, sign-up) use a random token in a SameSite=Strict cookie that the form must
//! repeat. Either way a request from another site cannot know the value.

/// A fresh token.
pub fn new_token() -> String {
    super::random_token()
}

/// Compares a submitted token with the expected one in constant time.
pub fn matches(expected: &str, submitted: &str) -> bool {
    let (a, b) = (expected.as_bytes(), submitted.as_bytes());
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_non_empty_token_matches() {
        let token = new_token();
        assert!(matches(&token, &token.clone()));
        assert!(!matches(&token, &new_token()));
        assert!(!matches(&token, ""));
        assert!(!matches("", ""));
    }
}
