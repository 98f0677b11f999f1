//! Password hashing with argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1).
//!
//! Both functions are CPU-heavy by design and block: call them from a blocking pool,
//! never on an async worker. [`dummy_hash`] lets sign-in spend the same time whether or
//! not the account exists.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Memory cost in KiB (OWASP password storage cheat sheet's argon2id minimum).
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

/// Hashing failed; only possible with a broken random source or parameters.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(argon2::password_hash::Error);

fn hasher() -> Argon2<'static> {
    #[allow(
        clippy::expect_used,
        reason = "constant parameters, checked by a unit test"
    )]
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (algorithm, parameters and salt included).
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(HashError)
}

/// Checks a password against a stored PHC string; a malformed hash never verifies.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

static DUMMY: LazyLock<String> = LazyLock::new(|| {
    #[allow(
        clippy::expect_used,
        reason = "computed at start-up; failure means no usable hasher"
    )]
    hash("cairn dummy password for unknown accounts").expect("hashing works")
});

/// A valid hash of a password no one knows, verified for unknown usernames so a failed
/// sign-in costs the same time either way.
pub fn dummy_hash() -> &'static str {
    &DUMMY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let phc = hash("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery staple", &phc));
        assert!(!verify("correct horse battery stapl", &phc));
    }

    #[test]
    fn long_unicode_passwords_are_not_truncated() {
        let long = "ü".repeat(128);
        let phc = hash(&long).unwrap();
        assert!(verify(&long, &phc));
        assert!(!verify(&"ü".repeat(127), &phc));
    }

    #[test]
    fn malformed_hash_never_verifies() {
        assert!(!verify("anything", "not a phc string"));
        assert!(!verify("anything", ""));
    }
}
