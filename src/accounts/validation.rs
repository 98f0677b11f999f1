//! What sign-up accepts. Every rule gives a message the form can show as is.
//!
//! A new password must be 8 to 128 characters and hard to guess: zxcvbn (frequency lists
//! built from leaked-password corpora, plus keyboard walks, dates, repeats and the
//! account's own username) must estimate it at more than a million guesses. Sign-in
//! only checks the length, so an older password keeps working.

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

/// Checks a password's length; it is otherwise taken exactly as typed. Sign-in uses
/// this alone, so accounts made before the strength rule still sign in.
pub fn password_length(raw: &str) -> Result<(), &'static str> {
    if PASSWORD_CHARS.contains(&raw.chars().count()) {
        Ok(())
    } else {
        Err("Passwords are 8 to 128 characters long.")
    }
}

/// The lowest zxcvbn score a new password needs. Score 2 means more than 10^6 guesses:
/// it refuses the most common leaked passwords, keyboard walks and the username with
/// digits added, while passphrases of three ordinary words pass. Guessing is online
/// only (argon2 hashes, per-username throttling), where 10^6 guesses is out of reach;
/// score 3 would also refuse many memorable passphrases for little gain.
pub const MIN_PASSWORD_SCORE: zxcvbn::Score = zxcvbn::Score::Two;

const TOO_COMMON: &str =
    "This password is too common: it appears in lists of leaked passwords. Choose a longer phrase.";
const LIKE_USERNAME: &str = "This password is too close to the username. Choose a longer phrase.";

/// Checks a password being set: its length, then how guessable it is, given what else
/// the account holds (`user_inputs`: the username and email).
pub fn new_password(raw: &str, user_inputs: &[&str]) -> Result<(), &'static str> {
    password_length(raw)?;
    if zxcvbn::zxcvbn(raw, user_inputs).score() >= MIN_PASSWORD_SCORE {
        return Ok(());
    }
    if zxcvbn::zxcvbn(raw, &[]).score() >= MIN_PASSWORD_SCORE {
        Err(LIKE_USERNAME)
    } else {
        Err(TOO_COMMON)
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
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert!(password_length("short").is_err());
        assert!(password_length("ééééééé").is_err());
        assert!(password_length("éééééééé").is_ok());
        assert!(password_length(&"é".repeat(128)).is_ok());
        assert!(password_length(&"é".repeat(129)).is_err());
    }

    #[test]
    fn new_passwords_that_leaked_lists_or_the_username_would_guess_are_refused() {
        for (password, username, expected) in [
            ("password1", "ada", Err(TOO_COMMON)),
            ("qwertyuiop", "ada", Err(TOO_COMMON)),
            ("iloveyou123", "ada", Err(TOO_COMMON)),
            ("12345678", "ada", Err(TOO_COMMON)),
            ("Password123", "ada", Err(TOO_COMMON)),
            ("ada.lovelace1815", "ada.lovelace1815", Err(LIKE_USERNAME)),
            ("zorblatt2024", "zorblatt", Err(LIKE_USERNAME)),
            ("learner_0123abcd99", "learner_0123abcd", Err(LIKE_USERNAME)),
            ("teacher2024", "teacher", Err(TOO_COMMON)),
            (
                "short",
                "ada",
                Err("Passwords are 8 to 128 characters long."),
            ),
            ("correct horse battery", "ada", Ok(())),
            ("a brand new passphrase", "ada", Ok(())),
            ("pässwörd' OR '1'='1 🙂", "ada", Ok(())),
            ("instructor passphrase", "coach", Ok(())),
            ("tidal-ferret-42-ochre", "ada", Ok(())),
            ("ééééééééééé ünïcode ✓", "ada", Ok(())),
        ] {
            let scored = zxcvbn::zxcvbn(password, &[username]).score();
            println!("{password:?} as {username:?}: zxcvbn score {scored}");
            assert_eq!(new_password(password, &[username]), expected, "{password}");
        }
    }

    #[test]
    fn a_new_password_of_the_longest_length_is_checked_quickly() {
        let long = "x".repeat(128);
        let started = std::time::Instant::now();
        assert_eq!(new_password(&long, &["ada"]), Err(TOO_COMMON));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
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
