use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::DomainError;

/// A password that meets SPEC §1: 8–64 characters with a letter, a digit and a special
/// character, not containing the account's name or phone number. Kept as a secret: it is
/// hashed (Argon2id) and never logged.
pub struct Password(SecretString);

impl Password {
    /// `personal` are the account's own words (name, phone) the password must not contain.
    pub fn parse(input: &str, personal: &[&str]) -> Result<Self, DomainError> {
        let length = input.chars().count();
        if !(8..=64).contains(&length) {
            return Err(DomainError::new("password_length"));
        }
        let letter = input.chars().any(char::is_alphabetic);
        let digit = input.chars().any(|c| c.is_ascii_digit());
        let special = input.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace());
        if !(letter && digit && special) {
            return Err(DomainError::new("password_composition"));
        }
        let lowered = input.to_lowercase();
        let contains_personal = personal
            .iter()
            .map(|word| word.trim().to_lowercase())
            .filter(|word| word.chars().count() >= 2)
            .any(|word| lowered.contains(&word));
        if contains_personal {
            return Err(DomainError::new("password_contains_personal"));
        }
        Ok(Self(SecretString::from(input.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn code(input: &str, personal: &[&str]) -> &'static str {
        Password::parse(input, personal).err().map_or("ok", |e| e.code)
    }

    #[test]
    fn the_policy_of_spec_section_1_is_enforced() {
        assert_eq!(code("Ketang#2026", &[]), "ok");
        assert_eq!(code("课堂密码#2026a", &[]), "ok");
        assert_eq!(code("K#1abcd", &[]), "password_length");
        assert_eq!(code(&format!("K#1{}", "a".repeat(62)), &[]), "password_length");
        assert_eq!(code("Ketang2026", &[]), "password_composition");
        assert_eq!(code("Ketang#Ketang", &[]), "password_composition");
        assert_eq!(code("2026#2026#", &[]), "password_composition");
        assert_eq!(code("x#13800138000", &["13800138000"]), "password_contains_personal");
        assert_eq!(code("ZhangSan#2026", &["zhangsan"]), "password_contains_personal");
        assert_eq!(code("张三的密码#2026", &["张三"]), "password_contains_personal");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let password = Password::parse("Ketang#2026", &[]).unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    proptest! {
        #[test]
        fn any_password_of_a_letter_digit_and_symbol_in_range_is_accepted(
            letters in "[a-zA-Z]{1,20}", digits in "[0-9]{1,20}", symbols in "[!@#$%^&*]{1,20}",
        ) {
            let candidate = format!("{letters}{digits}{symbols}");
            let length = candidate.chars().count();
            let result = Password::parse(&candidate, &[]);
            prop_assert_eq!(result.is_ok(), (8..=64).contains(&length));
        }
    }
}
