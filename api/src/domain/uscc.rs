use std::fmt;

use super::DomainError;

/// 统一社会信用代码 (GB 32100-2015): 18 characters whose last is a MOD 31 check character, and
/// whose characters 9–17 are the organisation code of GB 11714 with its own MOD 11 check
/// (INTEGRATIONS.md §5.2). Stored upper-case.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

/// The 31 characters of a USCC, each worth its index (no I, O, Z, S, V).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let code = super::compatibility_form(input).trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        if bytes.len() != 18 {
            return Err(DomainError::new("uscc_length"));
        }
        let format_ok = bytes[2..8].iter().all(u8::is_ascii_digit)
            && bytes.iter().all(|b| ALPHABET.contains(b));
        if !format_ok {
            return Err(DomainError::new("uscc_format"));
        }
        if !registered_category(bytes[0], bytes[1]) {
            return Err(DomainError::new("uscc_category"));
        }
        if check_character(&bytes[..17]) != bytes[17] {
            return Err(DomainError::new("uscc_check"));
        }
        if org_code_check(&bytes[8..16]) != Some(bytes[16]) {
            return Err(DomainError::new("uscc_org_code_check"));
        }
        Ok(Self(code))
    }

    /// The embedded GB 11714 organisation code, e.g. `60003734-1`.
    pub fn organization_code(&self) -> String {
        format!("{}-{}", &self.0[8..16], &self.0[16..17])
    }
}

fn value(byte: u8) -> u32 {
    ALPHABET.iter().position(|b| *b == byte).map_or(0, |i| i as u32)
}

/// The USCC check character of the first 17 characters.
fn check_character(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().zip(USCC_WEIGHTS).map(|(b, w)| value(*b) * w).sum();
    ALPHABET[((31 - sum % 31) % 31) as usize]
}

/// The GB 11714 check of an 8-character organisation-code body (digits and A–Z worth 10–35):
/// C = 11 − (S mod 11), with 10 written `X` and 11 written `0`.
fn org_code_check(body: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (byte, weight) in body.iter().zip(ORG_CODE_WEIGHTS) {
        let value = match byte {
            b'0'..=b'9' => u32::from(byte - b'0'),
            b'A'..=b'Z' => u32::from(byte - b'A') + 10,
            _ => return None,
        };
        sum += value * weight;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        c => b'0' + c as u8,
    })
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.0)
    }
}

/// Completes a 16-character prefix into a valid USCC (tests, demo data).
/// GB 32100-2015 table 1: the registering authority (position 1) and the organisation
/// categories (position 2) it registers. `B2…`, `X2…` or `5X…` name nobody.
fn registered_category(authority: u8, category: u8) -> bool {
    let categories: &[u8] = match authority {
        b'1' => b"1239",      // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
        b'2' => b"19",        // 外交: 外国常驻新闻机构, 其他
        b'3' => b"123459", // 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
        b'4' => b"19",     // 文化: 外国在华文化中心, 其他
        b'5' => b"1239",   // 民政: 社会团体, 民办非企业单位, 基金会, 其他
        b'6' => b"129",    // 旅游: 外国及港澳台旅游部门常驻代表机构, 其他
        b'7' => b"129",    // 宗教: 宗教活动场所, 宗教院校, 其他
        b'8' => b"19",     // 工会: 基层工会, 其他
        b'9' => b"123",    // 工商: 企业, 个体工商户, 农民专业合作社
        b'A' => b"19",     // 中央军委改革和编制办公室: 军队事业单位, 其他
        b'N' => b"1239",   // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
        b'Y' => b"123456789", // 其他
        _ => b"",
    };
    categories.contains(&category)
}

#[cfg(test)]
pub fn complete(prefix16: &str) -> String {
    let prefix = prefix16.as_bytes();
    let org_check = org_code_check(&prefix[8..16]).expect("organisation-code body");
    let mut body = prefix.to_vec();
    body.push(org_check);
    let check = check_character(&body);
    body.push(check);
    String::from_utf8(body).expect("ascii")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_worked_example_is_valid() {
        let uscc = Uscc::parse("91110000600037341L").unwrap();
        assert_eq!(uscc.organization_code(), "60003734-1");
        assert_eq!(Uscc::parse(" 91110000600037341l ").unwrap().as_ref(), "91110000600037341L");
    }

    #[test]
    fn each_kind_of_mistake_has_its_own_code() {
        assert_eq!(Uscc::parse("91110000600037341").unwrap_err().code, "uscc_length");
        assert_eq!(Uscc::parse("9111000060003734IL").unwrap_err().code, "uscc_format");
        assert_eq!(Uscc::parse("911100A0600037341L").unwrap_err().code, "uscc_format");
        assert_eq!(Uscc::parse("91110000600037341M").unwrap_err().code, "uscc_check");
        // A correct MOD 31 check over a wrong organisation-code check digit.
        let mut wrong_org = b"91110000600037342".to_vec();
        wrong_org.push(check_character(&wrong_org));
        let wrong_org = String::from_utf8(wrong_org).unwrap();
        assert_eq!(Uscc::parse(&wrong_org).unwrap_err().code, "uscc_org_code_check");
    }

    #[test]
    fn the_organisation_code_example_checks() {
        assert_eq!(org_code_check(b"60003734"), Some(b'1'));
    }

    proptest! {
        #[test]
        fn completed_codes_parse_and_any_changed_check_character_fails(
            // A registering authority and one of its categories (GB 32100 table 1), a region.
            head in "(1[1239]|2[19]|3[1-59]|4[19]|5[1239]|6[129]|7[129]|8[19]|9[123]|A[19]|N[1239]|Y[1-9])[0-9]{6}",
            org in "[0-9A-HJ-NP-RTUWXY]{8}",
            replacement in 0usize..31,
        ) {
            let valid = complete(&format!("{head}{org}"));
            prop_assert!(Uscc::parse(&valid).is_ok(), "{}", valid);
            let mut changed = valid.into_bytes();
            let other = ALPHABET[replacement];
            prop_assume!(other != changed[17]);
            changed[17] = other;
            prop_assert_eq!(Uscc::parse(&String::from_utf8(changed).unwrap()).unwrap_err().code, "uscc_check");
        }
    }

    #[test]
    fn full_width_characters_lowercase_and_spaces_are_normalised_first() {
        let plain = Uscc::parse("91110000600037341L").unwrap();
        for typed in [
            "91110000600037341l ",
            "９１１１００００６０００３７３４１Ｌ",
            "\u{3000}91110000600037341L",
        ] {
            assert_eq!(Uscc::parse(typed).unwrap().as_ref(), plain.as_ref(), "{typed}");
        }
    }

    #[test]
    fn the_first_two_positions_name_an_authority_and_its_category() {
        // The codes of issue 19: no authority B or X, no category X at the civil-affairs office.
        for code in ["B2522727MAHPY0YM2F", "X2522731MAFEL33U4D", "5X110107MA704CAT5D"] {
            assert_eq!(Uscc::parse(code).unwrap_err().code, "uscc_category", "{code}");
        }
        assert!(registered_category(b'9', b'1') && registered_category(b'5', b'3'));
        assert!(registered_category(b'N', b'2') && registered_category(b'A', b'1'));
        assert!(!registered_category(b'9', b'4') && !registered_category(b'5', b'4'));
    }
}
