use std::fmt;

use time::{Date, Month};

use super::DomainError;

/// 居民身份证号码 (GB 11643-1999): 6-digit region + birth date `YYYYMMDD` + 3-digit sequence
/// (odd for men, even for women) + ISO 7064 MOD 11-2 check character (INTEGRATIONS.md §5.1).
/// The region must name a province, the birth date must exist and lie between 1900 and today.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS: &[u8; 11] = b"10X98765432";
/// Province-level region codes of GB/T 2260 (first two digits).
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

impl ResidentId {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let id = super::compatibility_form(input).trim().to_ascii_uppercase();
        let bytes = id.as_bytes();
        if bytes.len() != 18 {
            return Err(DomainError::new("resident_id_length"));
        }
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(DomainError::new("resident_id_format"));
        }
        if check_character(&bytes[..17]) != bytes[17] {
            return Err(DomainError::new("resident_id_check"));
        }
        let province = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(DomainError::new("resident_id_region"));
        }
        let parsed = Self(id);
        let birth = parsed.birth_date().ok_or(DomainError::new("resident_id_birth_date"))?;
        let today = time::OffsetDateTime::now_utc().date();
        if birth.year() < 1900 || birth > today {
            return Err(DomainError::new("resident_id_birth_date"));
        }
        Ok(parsed)
    }

    /// The birth date the number encodes (always present once parsed).
    pub fn birth_date(&self) -> Option<Date> {
        let digits = |range: std::ops::Range<usize>| self.0[range].parse::<u16>().ok();
        let year = i32::from(digits(6..10)?);
        let month = Month::try_from(u8::try_from(digits(10..12)?).ok()?).ok()?;
        let day = u8::try_from(digits(12..14)?).ok()?;
        Date::from_calendar_date(year, month, day).ok()
    }

    /// From the parity of the sequence number: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// `110101********1234`: region and last four only, for lists (SPEC §5.2).
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

fn check_character(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CHECK_CHARACTERS[(sum % 11) as usize]
}

impl AsRef<str> for ResidentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Masked: a resident ID is personal data and must not reach a log whole.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_worked_examples_are_valid() {
        for (id, gender) in [
            ("11010519491231002X", Gender::Female),
            ("440524188001010014", Gender::Male),
            ("360426199101010071", Gender::Male),
        ] {
            let err = ResidentId::parse(id);
            if id.starts_with("4405241880") {
                // Born in 1880: a valid check digit, but not a plausible living person.
                assert_eq!(err.unwrap_err().code, "resident_id_birth_date");
                continue;
            }
            let parsed = err.unwrap();
            assert_eq!(parsed.gender(), gender, "{id}");
        }
        let id = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_ref(), "11010519491231002X");
        assert_eq!(id.birth_date(), Date::from_calendar_date(1949, Month::December, 31).ok());
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn each_kind_of_mistake_has_its_own_code() {
        assert_eq!(ResidentId::parse("1101051949123100").unwrap_err().code, "resident_id_length");
        assert_eq!(ResidentId::parse("11010519491231002Y").unwrap_err().code, "resident_id_format");
        assert_eq!(ResidentId::parse("110105194912310021").unwrap_err().code, "resident_id_check");
        assert_eq!(
            ResidentId::parse(&with_check("99010519491231002")).unwrap_err().code,
            "resident_id_region"
        );
        assert_eq!(
            ResidentId::parse(&with_check("11010519490231002")).unwrap_err().code,
            "resident_id_birth_date"
        );
        assert_eq!(
            ResidentId::parse(&with_check("11010521000101002")).unwrap_err().code,
            "resident_id_birth_date"
        );
    }

    #[test]
    fn debug_output_is_masked() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(format!("{id:?}"), "ResidentId(110105********002X)");
    }

    fn with_check(body: &str) -> String {
        let check = check_character(body.as_bytes()) as char;
        format!("{body}{check}")
    }

    proptest! {
        #[test]
        fn generated_numbers_parse_with_their_gender_and_a_wrong_check_fails(
            province in proptest::sample::select(PROVINCES.to_vec()),
            rest_of_region in 0u32..10_000,
            year in 1920i32..2020,
            month in 1u8..=12,
            day in 1u8..=28,
            sequence in 0u32..1000,
        ) {
            let body = format!("{province:02}{rest_of_region:04}{year:04}{month:02}{day:02}{sequence:03}");
            let id = ResidentId::parse(&with_check(&body)).unwrap();
            let expected = if sequence % 2 == 1 { Gender::Male } else { Gender::Female };
            prop_assert_eq!(id.gender(), expected);
            let right = check_character(body.as_bytes());
            let wrong = CHECK_CHARACTERS.iter().find(|c| **c != right).copied().unwrap() as char;
            prop_assert_eq!(ResidentId::parse(&format!("{body}{wrong}")).unwrap_err().code, "resident_id_check");
        }
    }

    #[test]
    fn full_width_characters_a_lowercase_x_and_spaces_are_normalised_first() {
        let plain = ResidentId::parse("11010519491231002X").unwrap();
        for typed in [
            "11010519491231002x",
            "１１０１０５１９４９１２３１００２Ｘ",
            " 11010519491231002X\u{3000}",
        ] {
            assert_eq!(ResidentId::parse(typed).unwrap(), plain, "{typed}");
        }
    }
}
