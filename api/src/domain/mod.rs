//! Validated domain values: constructed only through `parse`, so a value of one of these types
//! is valid by construction and handlers and queries never re-check it (STYLE.md 6).
//!
//! A failed parse is a `DomainError` with a stable code; the edge attaches the field name
//! (`err.at("phone")`) and the message is worded in the caller's language (`i18n`).

mod mobile;
mod password;
mod resident_id;
mod uscc;

pub use mobile::Mobile;
pub use password::Password;
pub use resident_id::{Gender, ResidentId};
pub use uscc::Uscc;

use unicode_normalization::UnicodeNormalization;

use crate::error::{ApiError, FieldError};

/// The compatibility form (NFKC) of typed text: full-width digits and letters (`１３８`, `Ｘ`),
/// the ideographic space and full-width punctuation become their ASCII forms, as Chinese input
/// methods and Excel files often give them. Codes are normalised so, then trimmed, then checked.
pub(crate) fn compatibility_form(input: &str) -> String {
    input.nfkc().collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}")]
pub struct DomainError {
    pub code: &'static str,
}

impl DomainError {
    pub(crate) const fn new(code: &'static str) -> Self {
        Self { code }
    }

    /// The field error for the request field that held the value.
    pub fn at(self, field: &str) -> FieldError {
        FieldError::new(field, self.code)
    }

    /// A 422 naming `field`.
    pub fn invalid(self, field: &str) -> ApiError {
        ApiError::Validation(vec![self.at(field)])
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use crate::i18n::{Lang, field_message};

    /// Every code a domain type can fail with has its own wording in both languages.
    #[test]
    fn every_domain_error_code_is_worded() {
        let generic_zh = field_message("no_such_code", &HashMap::new(), Lang::ZhCn);
        for code in [
            "mobile_format",
            "uscc_length",
            "uscc_format",
            "uscc_check",
            "uscc_category",
            "uscc_org_code_check",
            "resident_id_length",
            "resident_id_format",
            "resident_id_check",
            "resident_id_region",
            "resident_id_birth_date",
            "password_length",
            "password_composition",
            "password_contains_personal",
        ] {
            assert_ne!(field_message(code, &HashMap::new(), Lang::ZhCn), generic_zh, "{code}");
            assert_ne!(field_message(code, &HashMap::new(), Lang::En), "is invalid", "{code}");
        }
    }
}
