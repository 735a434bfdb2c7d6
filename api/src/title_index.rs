//! An in-memory index of short titles for substring search in a fixed order, with facets to
//! filter by (issue 24, P11: the catalog's title search at 100,000 courses), and the copy of it
//! an instance keeps ([`KeptIndex`]), rebuilt from the database when what it indexes changes.
//!
//! Why in memory: a search's exact total intersects the postings of its pieces, and in a real
//! catalog each common piece (跨境, 电商, Amazon) is held by a few percent of the titles, so
//! any database index (our gram table, FTS5 `trigram`, `pg_trgm`) reads thousands of postings at
//! 100,000 courses where it read tens at 1,000. Here a posting list is a compressed bitmap of
//! positions in catalog order, the intersection is a few word-wide ANDs, and the page is the
//! first positions of the result: microseconds at any size this index is allowed to reach.
//!
//! Pieces ("grams") are each character and each pair of adjacent characters of the normalised
//! title (ASCII letters lower-cased, surrounding space trimmed), as in the database's index: a
//! search of one or two characters is held exactly by the titles holding it as a gram; a longer
//! one is a candidate in the titles holding all its pairs and confirmed by a substring check.

use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use roaring::RoaringBitmap;
use tokio::sync::watch;

/// How many facets an item has (the catalog's: category, training mode, provider).
pub const FACETS: usize = 3;

/// A title or a search as compared: ASCII letters lower-cased, surrounding space trimmed.
pub fn normalise(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

/// Every distinct one- and two-character piece of a (normalised) title.
pub fn grams(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut grams: Vec<String> = chars
        .iter()
        .map(char::to_string)
        .chain(chars.windows(2).map(|pair| pair.iter().collect()))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// One indexed item.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// Normalised (`normalise`).
    pub title: String,
    /// Its value of each facet (`None`: none, found by no facet filter).
    pub facets: [Option<String>; FACETS],
}

/// Items in a fixed order, searchable by part of their title and filtered by facet values.
#[derive(Debug)]
pub struct TitleIndex {
    ids: Vec<Box<str>>,
    titles: Vec<Box<str>>,
    /// Each gram's items (by position).
    grams: Bitmaps<GramKey>,
    /// Each facet's items by value.
    facets: [Bitmaps<String>; FACETS],
}

type Bitmaps<K> = HashMap<K, RoaringBitmap, foldhash::fast::RandomState>;

/// Sorted posting lists as bitmaps (`None` if one is not sorted: a bug).
fn bitmaps<K: std::hash::Hash + Eq>(postings: Postings<K>) -> Option<Bitmaps<K>> {
    postings
        .into_iter()
        .map(|(key, positions)| Some((key, RoaringBitmap::from_sorted_iter(positions).ok()?)))
        .collect()
}

/// A search's matches: how many, and the ids on the page asked for, in the index's order.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    pub total: u64,
    pub ids: Vec<String>,
}

/// A gram as a number: one character `c` is `c << 32 | u32::MAX` (no character is `u32::MAX`),
/// a pair `a, b` is `a << 32 | b`.
type GramKey = u64;

fn single_key(c: char) -> GramKey {
    (u64::from(c) << 32) | u64::from(u32::MAX)
}

fn pair_key(a: char, b: char) -> GramKey {
    (u64::from(a) << 32) | u64::from(b)
}

type Postings<K> = HashMap<K, Vec<u32>, foldhash::fast::RandomState>;

impl TitleIndex {
    /// The index of `items`, in that order; `None` when there are more than `u32::MAX`.
    pub fn build(items: Vec<Item>) -> Option<Self> {
        let mut grams: Postings<GramKey> = Postings::default();
        let mut facets: [Postings<String>; FACETS] = Default::default();
        let mut ids = Vec::with_capacity(items.len());
        let mut titles = Vec::with_capacity(items.len());
        let (mut chars, mut keys) = (Vec::new(), Vec::new());
        for (position, item) in items.into_iter().enumerate() {
            let position = u32::try_from(position).ok()?;
            chars.clear();
            chars.extend(item.title.chars());
            keys.clear();
            keys.extend(chars.iter().map(|&c| single_key(c)));
            keys.extend(chars.windows(2).map(|pair| pair_key(pair[0], pair[1])));
            keys.sort_unstable();
            keys.dedup();
            // Positions grow: each posting list is built sorted.
            for &key in &keys {
                grams.entry(key).or_default().push(position);
            }
            for (facet, value) in facets.iter_mut().zip(item.facets) {
                if let Some(value) = value {
                    facet.entry(value).or_default().push(position);
                }
            }
            ids.push(item.id.into_boxed_str());
            titles.push(item.title.into_boxed_str());
        }
        Some(Self {
            ids,
            titles,
            grams: bitmaps(grams)?,
            facets: {
                let [a, b, c] = facets;
                [bitmaps(a)?, bitmaps(b)?, bitmaps(c)?]
            },
        })
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The items whose title holds `search` (normalised, not empty) and whose facets have the
    /// values given: their number, and the ids of `limit` of them after skipping `offset`.
    pub fn search(
        &self,
        search: &str,
        facets: [Option<&str>; FACETS],
        offset: usize,
        limit: usize,
    ) -> Found {
        let nothing = Found { total: 0, ids: Vec::new() };
        let chars: Vec<char> = search.chars().collect();
        // One or two characters: the gram itself. Longer: each pair (a title holding the search
        // holds them all; the substring check confirms the order).
        let exact = chars.len() <= 2;
        let mut keys: Vec<GramKey> = match chars[..] {
            [c] => vec![single_key(c)],
            _ => chars.windows(2).map(|pair| pair_key(pair[0], pair[1])).collect(),
        };
        keys.sort_unstable();
        keys.dedup();
        let mut lists: Vec<&RoaringBitmap> = Vec::with_capacity(keys.len() + FACETS);
        for key in &keys {
            let Some(list) = self.grams.get(key) else { return nothing };
            lists.push(list);
        }
        for (values, wanted) in self.facets.iter().zip(facets) {
            if let Some(wanted) = wanted {
                let Some(list) = values.get(wanted) else { return nothing };
                lists.push(list);
            }
        }
        // The shortest first: each AND is at most as long as it.
        lists.sort_by_key(|list| list.len());
        let Some((first, rest)) = lists.split_first() else { return nothing };
        let mut candidates = (*first).clone();
        for list in rest {
            candidates &= *list;
            if candidates.is_empty() {
                return nothing;
            }
        }
        let ids = |positions: &mut dyn Iterator<Item = u32>| -> Vec<String> {
            let id = |at: u32| self.ids[at as usize].to_string();
            positions.skip(offset).take(limit).map(id).collect()
        };
        if exact {
            return Found { total: candidates.len(), ids: ids(&mut candidates.iter()) };
        }
        let matches: Vec<u32> =
            candidates.iter().filter(|&at| self.titles[at as usize].contains(search)).collect();
        Found { total: matches.len() as u64, ids: ids(&mut matches.into_iter()) }
    }
}

/// How long a request waits for a rebuild under way before reading the database instead, and
/// the longest a rebuild may have taken last time for a request to wait at all.
const REBUILD_WAIT: Duration = Duration::from_millis(50);

/// A rebuild's share of one core at most: after one that took `d`, the next starts no sooner
/// than `d × REBUILD_PAUSE_FACTOR` later (a catalog changing every second at 100,000 courses is
/// then rebuilt every second or so, not continuously).
const REBUILD_PAUSE_FACTOR: u32 = 4;

/// After a rebuild that failed (or found too many items), the pause before the next attempt.
const FAILED_REBUILD_PAUSE: Duration = Duration::from_secs(60);

/// An instance's copy of a [`TitleIndex`], valid for one generation of what it indexes (the
/// catalog cache's: every change to the catalog bumps it, here and on other instances), built
/// in the background. A request never gets an index of another generation: until the current
/// one is built it reads the database, as it would without an index. So the index changes how
/// fast a search is answered, never what it answers.
#[derive(Debug)]
pub struct KeptIndex {
    /// Items allowed in the index (its memory: ~500 bytes an item at 100,000); 0 turns it off.
    max_items: usize,
    /// An index older than this is rebuilt even when its generation is current (the backstop
    /// of the cache whose generation it follows, for a write that forgot to bump it).
    ttl: Duration,
    state: Arc<Mutex<Rebuilds>>,
    /// Counts the rebuilds that ended (waiters watch it).
    ended: watch::Sender<u64>,
}

#[derive(Debug, Default)]
struct Rebuilds {
    kept: Option<Kept>,
    rebuilding: bool,
    /// How long the last successful rebuild took.
    last_took: Option<Duration>,
    /// No rebuild starts before this.
    not_before: Option<Instant>,
}

#[derive(Debug)]
struct Kept {
    generation: u64,
    built_at: Instant,
    index: Arc<TitleIndex>,
}

impl KeptIndex {
    pub fn new(max_items: usize, ttl: Duration) -> Self {
        Self {
            max_items,
            ttl,
            state: Arc::new(Mutex::new(Rebuilds::default())),
            ended: watch::Sender::new(0),
        }
    }

    /// The index built at `generation` (read before anything it indexes), if there is one.
    /// Otherwise starts a rebuild from `read(limit)` — the items in order, at most `limit`, more
    /// meaning too many — unless one is under way or the last ended too recently, waits a little
    /// for a quick one, and answers `None` (read the database) if it is not done by then.
    pub async fn current<R, F>(&self, generation: u64, read: R) -> Option<Arc<TitleIndex>>
    where
        R: FnOnce(usize) -> F,
        F: Future<Output = anyhow::Result<Vec<Item>>> + Send + 'static,
    {
        if self.max_items == 0 {
            return None;
        }
        let mut ended = {
            let mut state = lock(&self.state);
            if let Some(index) = self.fresh(&state, generation) {
                return Some(index);
            }
            // A request that read the generation just before a bump: the database answers it
            // (an index tagged with the older generation would replace the newer one).
            if state.kept.as_ref().is_some_and(|kept| kept.generation > generation) {
                return None;
            }
            let now = Instant::now();
            if !state.rebuilding && state.not_before.is_none_or(|at| now >= at) {
                state.rebuilding = true;
                self.rebuild(generation, read(self.max_items.saturating_add(1)));
            }
            if !state.rebuilding || state.last_took.is_some_and(|took| took > REBUILD_WAIT) {
                return None;
            }
            self.ended.subscribe()
        };
        let _ = tokio::time::timeout(REBUILD_WAIT, ended.changed()).await;
        self.fresh(&lock(&self.state), generation)
    }

    /// What this instance keeps (for its metrics): how many items (0: no index yet, or turned
    /// off), and how long the last rebuild took.
    pub fn kept(&self) -> (usize, Option<Duration>) {
        let state = lock(&self.state);
        (state.kept.as_ref().map_or(0, |kept| kept.index.len()), state.last_took)
    }

    fn fresh(&self, state: &Rebuilds, generation: u64) -> Option<Arc<TitleIndex>> {
        let kept = state.kept.as_ref()?;
        (kept.generation == generation && kept.built_at.elapsed() < self.ttl)
            .then(|| kept.index.clone())
    }

    /// Builds the index of `items` in a task of its own, kept as of `generation`.
    fn rebuild<F>(&self, generation: u64, items: F)
    where
        F: Future<Output = anyhow::Result<Vec<Item>>> + Send + 'static,
    {
        let max_items = self.max_items;
        let ended = RebuildEnded {
            state: self.state.clone(),
            ended: self.ended.clone(),
            kept: None,
            started: Instant::now(),
        };
        tokio::spawn(async move {
            let mut ended = ended;
            let built = async {
                let started = Instant::now();
                let items = items.await?;
                let read = started.elapsed();
                anyhow::ensure!(
                    items.len() <= max_items,
                    "more than {max_items} items: searches read the database"
                );
                let index = tokio::task::spawn_blocking(|| TitleIndex::build(items)).await?;
                let index = index.ok_or_else(|| anyhow::anyhow!("more items than positions"))?;
                tracing::debug!(items = index.len(), ?read, built = ?started.elapsed() - read, "title index rebuilt");
                Ok(index)
            };
            match built.await {
                Ok(index) => ended.keep(Kept {
                    generation,
                    built_at: Instant::now(),
                    index: Arc::new(index),
                }),
                Err(error) => tracing::warn!(%error, "title index not rebuilt"),
            }
        });
    }
}

/// Ends a rebuild when its task ends, however it ends (a panic or a runtime shutting down
/// included): keeps what it built, lets the next rebuild start after the pause, wakes waiters.
struct RebuildEnded {
    state: Arc<Mutex<Rebuilds>>,
    ended: watch::Sender<u64>,
    kept: Option<Kept>,
    started: Instant,
}

impl RebuildEnded {
    fn keep(&mut self, kept: Kept) {
        self.kept = Some(kept);
    }
}

impl Drop for RebuildEnded {
    fn drop(&mut self) {
        let took = self.started.elapsed();
        let mut state = lock(&self.state);
        state.rebuilding = false;
        let pause = match self.kept.take() {
            Some(kept) => {
                state.kept = Some(kept);
                state.last_took = Some(took);
                took * REBUILD_PAUSE_FACTOR
            }
            None => FAILED_REBUILD_PAUSE,
        };
        state.not_before = Some(Instant::now() + pause);
        drop(state);
        self.ended.send_modify(|count| *count = count.wrapping_add(1));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: usize, title: &str, facets: [Option<&str>; FACETS]) -> Item {
        Item {
            id: format!("c{id}"),
            title: normalise(title),
            facets: facets.map(|value| value.map(str::to_owned)),
        }
    }

    /// What `search` must answer, the slow way: every item in order, checked one by one.
    fn scanned(
        items: &[Item],
        search: &str,
        facets: [Option<&str>; FACETS],
        offset: usize,
        limit: usize,
    ) -> Found {
        let matches: Vec<&Item> = items
            .iter()
            .filter(|item| item.title.contains(search))
            .filter(|item| {
                item.facets.iter().zip(facets).all(|(value, wanted)| {
                    wanted.is_none_or(|wanted| value.as_deref() == Some(wanted))
                })
            })
            .collect();
        Found {
            total: matches.len() as u64,
            ids: matches.iter().skip(offset).take(limit).map(|item| item.id.clone()).collect(),
        }
    }

    /// Titles from a small alphabet (so that pieces repeat, overlap and appear apart), with
    /// facets some items lack; every search of one to five characters of that alphabet, with
    /// each combination of facets and several pages, answers what a scan answers.
    #[test]
    fn every_search_answers_what_a_scan_of_the_titles_answers() {
        let alphabet: Vec<char> = "跨境电商ab ·".chars().collect();
        let mut seed = 0x2545_f491_u64;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % below as u64).unwrap()
        };
        let categories = [None, Some("cross_border"), Some("live")];
        let modes = [None, Some("online"), Some("offline")];
        let providers = [Some("p1"), Some("p2")];
        let items: Vec<Item> = (0..600)
            .map(|id| {
                let length = 1 + next(9);
                let title: String = (0..length).map(|_| alphabet[next(alphabet.len())]).collect();
                let facets = [categories[next(3)], modes[next(3)], providers[next(2)]];
                item(id, &format!(" {title} "), facets)
            })
            .collect();
        let index = TitleIndex::build(items.clone()).unwrap();
        assert_eq!(index.len(), 600);

        let mut searches: Vec<String> = Vec::new();
        for length in 1..=5 {
            for _ in 0..60 {
                let search: String = (0..length).map(|_| alphabet[next(alphabet.len())]).collect();
                let search = normalise(&search);
                if !search.is_empty() {
                    searches.push(search);
                }
            }
        }
        searches.push("跨境电商".into());
        searches.push("不在".into());
        let mut checked = 0;
        for search in &searches {
            for facets in [
                [None, None, None],
                [Some("cross_border"), None, None],
                [None, Some("online"), Some("p2")],
                [Some("live"), Some("offline"), Some("p1")],
                [Some("unknown"), None, None],
            ] {
                for (offset, limit) in [(0, 20), (3, 2), (0, 1000), (500, 20)] {
                    assert_eq!(
                        index.search(search, facets, offset, limit),
                        scanned(&items, search, facets, offset, limit),
                        "{search:?} {facets:?} {offset} {limit}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 5000);
        // Not vacuous: some searches found many, some none.
        let totals: Vec<u64> =
            searches.iter().map(|s| index.search(s, [None; FACETS], 0, 0).total).collect();
        assert!(totals.iter().any(|&total| total > 100), "{totals:?}");
        assert!(totals.contains(&0), "{totals:?}");
    }

    /// Pieces held apart are not the search: 电商跨境境电 holds 跨境, 境电 and 电商, never 跨境电商.
    #[test]
    fn a_long_search_is_its_characters_in_order_not_only_its_pieces() {
        let index = TitleIndex::build(vec![
            item(1, "电商跨境境电", [None; FACETS]),
            item(2, "跨境电商入门", [None; FACETS]),
            item(3, "TikTok Shop", [None; FACETS]),
        ])
        .unwrap();

        let found = index.search("跨境电商", [None; FACETS], 0, 20);
        let latin = index.search(&normalise(" k s"), [None; FACETS], 0, 20);

        assert_eq!(found, Found { total: 1, ids: vec!["c2".into()] });
        assert_eq!(latin, Found { total: 1, ids: vec!["c3".into()] });
    }

    async fn unread() -> anyhow::Result<Vec<Item>> {
        panic!("read when it should not be")
    }

    fn items(count: usize) -> Vec<Item> {
        (0..count).map(|id| item(id, "跨境电商", [None; FACETS])).collect()
    }

    #[tokio::test]
    async fn an_index_is_used_only_at_the_generation_it_was_read_at() {
        let kept = KeptIndex::new(100, Duration::from_secs(60));

        let first = kept.current(7, |_| async { Ok(items(3)) }).await;
        let same = kept.current(7, |_| unread()).await;
        // Another generation: not the index of 7; read again after the pause (a few times the
        // rebuild's few microseconds).
        let pause_ends = lock(&kept.state).not_before.unwrap();
        tokio::time::sleep_until(pause_ends.into()).await;
        let next = kept.current(8, |_| async { Ok(items(5)) }).await;

        assert_eq!(first.map(|index| index.len()), Some(3), "a quick rebuild is waited for");
        assert_eq!(same.map(|index| index.len()), Some(3));
        assert_eq!(next.map(|index| index.len()), Some(5));
        assert!(kept.current(7, |_| unread()).await.is_none(), "7 is gone, and not read again");
    }

    #[tokio::test]
    async fn no_index_when_turned_off_too_many_items_or_the_read_fails() {
        let off = KeptIndex::new(0, Duration::from_secs(60));
        let small = KeptIndex::new(4, Duration::from_secs(60));
        let failing = KeptIndex::new(100, Duration::from_secs(60));

        let limits = Arc::new(Mutex::new(Vec::new()));
        let asked = limits.clone();
        let too_many = small
            .current(1, move |limit| {
                lock(&asked).push(limit);
                async move { Ok(items(limit)) }
            })
            .await;
        let not_read = failing.current(1, |_| async { anyhow::bail!("database down") }).await;
        // After a failure, no new read for a while: every search reads the database meanwhile.
        let paused = failing.current(1, |_| async { Ok(items(1)) }).await;

        assert!(off.current(1, |_| async { Ok(items(1)) }).await.is_none());
        assert!(too_many.is_none());
        assert_eq!(*lock(&limits), [5], "asks for one more than allowed");
        assert!(not_read.is_none());
        assert!(paused.is_none());
    }

    #[tokio::test]
    async fn a_slow_rebuild_is_not_waited_for_and_only_one_runs() {
        let kept = KeptIndex::new(100, Duration::from_secs(60));
        let (release, released) = tokio::sync::oneshot::channel::<()>();

        let started = Instant::now();
        let first = kept
            .current(1, move |_| async move {
                let _ = released.await;
                Ok(items(2))
            })
            .await;
        let waited = started.elapsed();
        let second = kept.current(1, |_| unread()).await;
        release.send(()).unwrap();
        let mut done = kept.ended.subscribe();
        done.changed().await.unwrap();

        assert!(first.is_none() && second.is_none());
        assert!(waited >= REBUILD_WAIT, "waited {waited:?} for a first rebuild");
        assert_eq!(kept.current(1, |_| unread()).await.unwrap().len(), 2);
    }
}
