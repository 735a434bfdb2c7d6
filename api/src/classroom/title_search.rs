//! Title search that stays fast as the catalog grows (issue 24, P11): an index of every
//! one- and two-character piece ("gram") of each course's live title, read through ordinary
//! B-tree indexes on both engines.
//!
//! Chinese titles have no spaces, so word indexes (PostgreSQL's text search, FTS5's default
//! tokenizer) do not apply; trigram indexes (`pg_trgm`, FTS5's `trigram`) cannot answer the one-
//! and two-character searches Chinese users type most (跨境, 电商), and fall back to scanning
//! every title for them. Grams of one and two characters answer any length: a search of one or
//! two characters is one gram, checked for each course while the catalog is read newest first
//! (such searches match many titles); a longer one narrows to the titles holding three of its
//! grams, and `LIKE` on those few confirms the exact substring.
//!
//! This database index answers a search while an instance has no title index in memory for
//! the catalog as it is (`crate::title_index`, rebuilt in the background after each catalog
//! change) or is not allowed one (`catalog.title_index_max_courses`); both answer the same.
//!
//! Titles and searches are compared after `normalise` (ASCII letters lower-cased, as SQLite's
//! `LIKE` always compared them), so both engines answer the same.

use super::store::title_search as store;
use crate::db::like_pattern;

/// How many of a long search's grams narrow the candidates: its first, middle and last pairs
/// (enough to make the candidates few; `LIKE` checks the rest).
const PROBES: usize = 3;

pub use crate::title_index::{grams, normalise};

/// A search as the catalog query reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleQuery {
    /// One or two characters: held by a title exactly when it is one of its grams.
    Gram(String),
    /// Longer (`search`, normalised): titles holding all three `probes` (its first, middle and
    /// last pairs) are the candidates; `pattern` (`LIKE`, escaped, `%…%`) confirms the substring.
    Grams { search: String, probes: [String; PROBES], pattern: String },
}

impl TitleQuery {
    /// `None` for a blank search (no filter).
    pub fn parse(search: &str) -> Option<Self> {
        let search = normalise(search);
        let chars: Vec<char> = search.chars().collect();
        let pair = |at: usize| chars[at..at + 2].iter().collect::<String>();
        match chars.len() {
            0 => None,
            1 | 2 => Some(Self::Gram(search)),
            n => Some(Self::Grams {
                probes: [pair(0), pair((n - 2) / 2), pair(n - 2)],
                pattern: like_pattern(&search),
                search,
            }),
        }
    }

    /// The search, normalised.
    pub fn search(&self) -> &str {
        match self {
            Self::Gram(search) | Self::Grams { search, .. } => search,
        }
    }

    /// The grams a title holding the search certainly holds.
    #[cfg(test)]
    fn probes(&self) -> Vec<&str> {
        match self {
            Self::Gram(gram) => vec![gram.as_str()],
            Self::Grams { probes, .. } => probes.iter().map(String::as_str).collect(),
        }
    }
}

/// Replaces the indexed title of `course_id` (in the transaction that makes it live, whose
/// approval time `decided_at` orders the catalog).
pub async fn index_title(
    conn: &mut sqlx::AnyConnection,
    course_id: &str,
    title: &str,
    decided_at: i64,
) -> sqlx::Result<()> {
    let title = normalise(title);
    store::delete_grams(&mut *conn, course_id).await?;
    store::upsert_title(&mut *conn, course_id, &title).await?;
    let grams = grams(&title);
    if grams.is_empty() {
        return Ok(());
    }
    store::insert_grams(conn, course_id, decided_at, &grams).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_indexed_by_each_character_and_each_pair() {
        assert_eq!(grams("跨境电商"), ["商", "境", "境电", "电", "电商", "跨", "跨境"]);
        assert_eq!(grams("aaa"), ["a", "aa"]);
        assert!(grams("").is_empty());
    }

    #[test]
    fn short_searches_are_one_gram_and_long_ones_three() {
        assert_eq!(TitleQuery::parse(" 电商 "), Some(TitleQuery::Gram("电商".into())));
        assert_eq!(TitleQuery::parse("A"), Some(TitleQuery::Gram("a".into())));
        let long = TitleQuery::parse("跨境电商运营").unwrap();
        assert_eq!(long.probes(), ["跨境", "电商", "运营"]);
        let latin = TitleQuery::parse("TikTok").unwrap();
        assert_eq!(latin.probes(), ["ti", "kt", "ok"]);
        assert_eq!(TitleQuery::parse("   "), None);
        let Some(TitleQuery::Grams { pattern, .. }) = TitleQuery::parse("50%_x") else {
            panic!("a search of five characters has three probes")
        };
        assert_eq!(pattern, "%50\\%\\_x%");
    }

    /// Whatever the search, every title holding it holds all its probes: the index never
    /// loses a match (LIKE then removes the titles that hold the probes elsewhere).
    #[test]
    fn every_title_containing_a_search_holds_its_probes() {
        let titles =
            ["跨境电商运营实务", "TikTok Shop 开店", "亚马逊 FBA 物流", "a", "海关AEO认证"];
        for title in titles {
            let normalised = normalise(title);
            let chars: Vec<char> = normalised.chars().collect();
            let held = grams(&normalised);
            for start in 0..chars.len() {
                for end in start + 1..=chars.len() {
                    let search: String = chars[start..end].iter().collect();
                    if search.trim().is_empty() {
                        continue;
                    }
                    let query = TitleQuery::parse(&search).unwrap();
                    for probe in query.probes() {
                        assert!(
                            held.iter().any(|gram| gram == probe),
                            "{title}: {search} → {probe}"
                        );
                    }
                }
            }
        }
    }
}
