//! What sign-up accepts. Every rule gives a message the form can show as is.

/// Username length bounds, in characters.
pub const USERNAME_CHARS: std::ops::RangeInclusive<usize> = 3..=40;
/// Password length bounds, in characters (any Unicode, never truncated).
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 8..=128;
const EMAIL_MAX: usize = 254;

/// A trimmed username with at least one visible character and no control characters.
pub fn username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Choose a username.");
    }
    if !USERNAME_CHARS.contains(&name.chars().count()) {
        return Err("Usernames are 3 to 40 characters long.");
    }
    if name.chars().any(char::is_control) {
        return Err("Usernames cannot contain control characters.");
    }
    Ok(name.to_owned())
}

/// The case-insensitive key usernames are unique and looked up by.
pub fn username_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks a password's length; it is otherwise taken exactly as typed.
pub fn password(raw: &str) -> Result<(), &'static str> {
    if PASSWORD_CHARS.contains(&raw.chars().count()) {
        Ok(())
    } else {
        Err("Passwords are 8 to 128 characters long.")
    }
}

/// An optional email: empty means none; otherwise one `@` with text on both sides.
pub fn email(raw: &str) -> Result<Option<String>, &'static str> {
    let email = raw.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let valid = email.len() <= EMAIL_MAX
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain)) if !local.is_empty() && domain.contains('.') && !domain.contains('@'));
    if valid {
        Ok(Some(email.to_owned()))
    } else {
        Err("That email address does not look right (or leave it empty).")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(username("  Ada ").unwrap(), "Ada");
        assert_eq!(
            username("Ülkü'; DROP TABLE users;--").unwrap(),
            "Ülkü'; DROP TABLE users;--"
        );
        assert!(username("ab").is_err());
        assert!(username("").is_err());
        assert!(username(&"x".repeat(41)).is_err());
        assert!(username("bad\u{0}name").is_err());
        assert_eq!(username_key("ÅSA"), "åsa");
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert!(password("short").is_err());
        assert!(password("ééééééé").is_err());
        assert!(password("éééééééé").is_ok());
        assert!(password(&"é".repeat(128)).is_ok());
        assert!(password(&"é".repeat(129)).is_err());
    }

    #[test]
    fn emails_are_optional_but_checked() {
        assert_eq!(email("").unwrap(), None);
        assert_eq!(email("a@b.org").unwrap().as_deref(), Some("a@b.org"));
        assert!(email("nope").is_err());
        assert!(email("a@b").is_err());
        assert!(email("a b@c.org").is_err());
    }
}
