use std::fmt;

use super::DomainError;

/// A mainland China mobile number: 11 digits starting with 1 and a network digit 3–9
/// (INTEGRATIONS.md §5.3). Stored without the country code; `+86`, `0086` or `86` in front,
/// spaces and hyphens are accepted on input.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let compact: String = super::compatibility_form(input)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let national = ["+86", "0086", "86"]
            .iter()
            .find_map(|prefix| compact.strip_prefix(prefix).filter(|rest| rest.len() == 11))
            .unwrap_or(&compact);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid { Ok(Self(national.to_owned())) } else { Err(DomainError::new("mobile_format")) }
    }

    /// `138****5678`, for lists and logs.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl AsRef<str> for Mobile {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Masked, so a phone number never lands in a log by accident.
impl fmt::Debug for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mobile({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn country_codes_and_separators_are_stripped() {
        for input in [
            "13800138000",
            "+8613800138000",
            "008613800138000",
            "86 138-0013-8000",
            "１３８００１３８０００",
            "＋８６\u{3000}１３８－００１３－８０００",
            " 13800138000\t",
        ] {
            assert_eq!(Mobile::parse(input).unwrap().as_ref(), "13800138000", "{input}");
        }
    }

    #[test]
    fn numbers_that_are_not_mainland_mobiles_are_refused() {
        for input in [
            "",
            "1380013800",
            "138001380001",
            "12800138000",
            "23800138000",
            "1380013800a",
            "+85261234567",
        ] {
            assert_eq!(Mobile::parse(input), Err(DomainError::new("mobile_format")), "{input}");
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let mobile = Mobile::parse("13800138000").unwrap();
        assert_eq!(format!("{mobile:?}"), "Mobile(138****8000)");
    }

    proptest! {
        #[test]
        fn every_mainland_number_parses_with_or_without_plus_86(number in "1[3-9][0-9]{9}") {
            let with_plus86 = format!("+86{number}");
            prop_assert_eq!(Mobile::parse(&number).unwrap().to_string(), number.as_str());
            prop_assert_eq!(Mobile::parse(&with_plus86).unwrap().to_string(), number.as_str());
        }
    }
}
