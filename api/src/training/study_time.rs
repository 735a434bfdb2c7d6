//! Effective live study time (SPEC §5.4), as a pure function of one session's data:
//!
//! - only activated students watching as members of the class's department count; every other
//!   viewer is reported as unmatched, for the org to inspect;
//! - only live watching counts (replay time never reaches this function);
//! - a viewer's time never exceeds the session's duration: per-viewer totals are summed over
//!   the viewer's records (two devices) and capped; intervals are clipped to the session and
//!   merged, so overlapping time counts once;
//! - a lecturer listed on the session gets the full duration.
//!
//! Whatever order the records arrive in, and however often it runs, the result is the same.

use std::collections::{BTreeMap, HashMap, HashSet};

/// How the live platform reports one viewer's live watching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveWatch {
    /// A total in milliseconds (DingTalk `watchLiveTime`).
    Total(i64),
    /// Watching intervals `[start, end)` in epoch milliseconds.
    Intervals(Vec<(i64, i64)>),
}

/// One record of the platform's viewer list. `member_key` identifies a member of the class's
/// department (e.g. the mobile's keyed hash); outside viewers have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerRecord {
    pub member_key: Option<String>,
    pub name: String,
    pub watch: LiveWatch,
}

/// The session as it actually ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRun {
    pub started_at: i64,
    pub ended_at: i64,
}

impl SessionRun {
    pub fn duration_ms(self) -> i64 {
        (self.ended_at - self.started_at).max(0)
    }
}

/// A viewer no activated student matches, with the live time the platform reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnmatchedViewer {
    pub name: String,
    pub live_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionStudyTime {
    /// Effective live milliseconds per student id (students without time are absent).
    pub by_student: BTreeMap<String, i64>,
    pub unmatched: Vec<UnmatchedViewer>,
}

/// Merged length of intervals clipped to `[lo, hi)` (sorts them in place).
fn covered_ms(intervals: &mut [(i64, i64)], lo: i64, hi: i64) -> i64 {
    for (start, end) in intervals.iter_mut() {
        *start = (*start).max(lo);
        *end = (*end).min(hi);
    }
    intervals.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for &(start, end) in intervals.iter().filter(|(start, end)| start < end) {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                total += e - s;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    total + current.map_or(0, |(s, e)| e - s)
}

/// An outside viewer's records, gathered by name.
#[derive(Default)]
struct Watched {
    /// Reported totals, summed (two devices report twice).
    total_ms: i64,
    intervals: Vec<(i64, i64)>,
}

impl Watched {
    fn add(&mut self, watch: &LiveWatch) {
        match watch {
            LiveWatch::Total(ms) => self.total_ms = self.total_ms.saturating_add((*ms).max(0)),
            LiveWatch::Intervals(list) => self.intervals.extend_from_slice(list),
        }
    }

    fn live_ms(mut self, run: SessionRun) -> i64 {
        live_ms(self.total_ms, &mut self.intervals, run)
    }
}

/// A viewer's live time within the session: totals plus merged intervals, capped.
fn live_ms(total_ms: i64, intervals: &mut [(i64, i64)], run: SessionRun) -> i64 {
    let from_intervals = covered_ms(intervals, run.started_at, run.ended_at);
    total_ms.saturating_add(from_intervals).min(run.duration_ms())
}

/// Marks a record no activated student matches.
const UNMATCHED: u32 = u32::MAX;

/// Effective time of each activated student in one session.
///
/// `students` maps a department member's key to the student id (activated students only);
/// `lecturers` are the student ids of the session's lecturers. A session's list can hold a
/// million records (bench P5), so students are numbered once and each record costs one hash
/// lookup; every student's intervals are then laid out side by side in one array (a counting
/// sort by student), merged in place: no per-student vectors growing record by record.
pub fn session_study_time(
    run: SessionRun,
    students: &HashMap<String, String>,
    lecturers: &HashSet<String>,
    viewers: &[ViewerRecord],
) -> SessionStudyTime {
    // Member keys are keyed hashes computed here, not chosen by callers, so a fast
    // unkeyed hasher is safe.
    let mut student_ids: Vec<&str> = Vec::new();
    let mut number_of: FoldHashMap<&str, u32> = FoldHashMap::default();
    let student_of_member: FoldHashMap<&str, u32> = students
        .iter()
        .map(|(member_key, student_id)| {
            let number = *number_of.entry(student_id.as_str()).or_insert_with(|| {
                student_ids.push(student_id);
                u32::try_from(student_ids.len() - 1).unwrap_or(UNMATCHED)
            });
            (member_key.as_str(), number)
        })
        .collect();

    // Pass 1: whose each record is, their reported totals and how many intervals each has.
    let mut owners: Vec<u32> = Vec::with_capacity(viewers.len());
    let mut totals = vec![0i64; student_ids.len()];
    let mut starts = vec![0usize; student_ids.len() + 1];
    let mut unmatched: BTreeMap<&str, Watched> = BTreeMap::new();
    for viewer in viewers {
        let owner = viewer
            .member_key
            .as_deref()
            .and_then(|key| student_of_member.get(key).copied())
            .unwrap_or(UNMATCHED);
        owners.push(owner);
        if owner == UNMATCHED {
            unmatched.entry(viewer.name.as_str()).or_default().add(&viewer.watch);
            continue;
        }
        let student = owner as usize;
        match &viewer.watch {
            LiveWatch::Total(ms) => totals[student] = totals[student].saturating_add((*ms).max(0)),
            LiveWatch::Intervals(list) => starts[student + 1] += list.len(),
        }
    }
    for n in 1..starts.len() {
        starts[n] += starts[n - 1];
    }

    // Pass 2: every student's intervals into its own slice of one array.
    let mut intervals = vec![(0i64, 0i64); starts[student_ids.len()]];
    let mut next = starts.clone();
    for (viewer, &owner) in viewers.iter().zip(&owners) {
        if let (LiveWatch::Intervals(list), false) = (&viewer.watch, owner == UNMATCHED) {
            let at = &mut next[owner as usize];
            intervals[*at..*at + list.len()].copy_from_slice(list);
            *at += list.len();
        }
    }

    let mut by_student: BTreeMap<String, i64> = BTreeMap::new();
    for (student, student_id) in student_ids.iter().enumerate() {
        let own = &mut intervals[starts[student]..starts[student + 1]];
        let ms = live_ms(totals[student], own, run);
        if ms > 0 {
            by_student.insert((*student_id).to_owned(), ms);
        }
    }
    for lecturer in lecturers {
        by_student.insert(lecturer.clone(), run.duration_ms());
    }
    let unmatched = unmatched
        .into_iter()
        .map(|(name, watched)| UnmatchedViewer {
            name: name.to_owned(),
            live_ms: watched.live_ms(run),
        })
        .collect();
    SessionStudyTime { by_student, unmatched }
}

type FoldHashMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const RUN: SessionRun = SessionRun { started_at: 1_000_000, ended_at: 1_000_000 + 3_600_000 };

    fn class() -> HashMap<String, String> {
        HashMap::from([
            ("m-alice".to_owned(), "s-alice".to_owned()),
            ("m-bob".to_owned(), "s-bob".to_owned()),
        ])
    }

    fn record(key: Option<&str>, name: &str, watch: LiveWatch) -> ViewerRecord {
        ViewerRecord { member_key: key.map(str::to_owned), name: name.to_owned(), watch }
    }

    #[test]
    fn totals_are_summed_over_devices_and_capped_at_the_duration() {
        let viewers = [
            record(Some("m-alice"), "Alice", LiveWatch::Total(2_000_000)),
            record(Some("m-alice"), "Alice", LiveWatch::Total(2_000_000)),
            record(Some("m-bob"), "Bob", LiveWatch::Total(600_000)),
        ];

        let time = session_study_time(RUN, &class(), &HashSet::new(), &viewers);

        assert_eq!(time.by_student["s-alice"], 3_600_000);
        assert_eq!(time.by_student["s-bob"], 600_000);
    }

    #[test]
    fn intervals_are_clipped_to_the_session_and_overlaps_count_once() {
        let start = RUN.started_at;
        let viewers = [
            // Joined ten minutes early on the phone, then the laptop overlapped.
            record(
                Some("m-alice"),
                "Alice",
                LiveWatch::Intervals(vec![(start - 600_000, start + 1_200_000)]),
            ),
            record(
                Some("m-alice"),
                "Alice",
                LiveWatch::Intervals(vec![(start + 600_000, start + 1_800_000)]),
            ),
            // A reconnect: two pieces with a gap.
            record(
                Some("m-bob"),
                "Bob",
                LiveWatch::Intervals(vec![
                    (start, start + 60_000),
                    (start + 120_000, start + 180_000),
                ]),
            ),
        ];

        let time = session_study_time(RUN, &class(), &HashSet::new(), &viewers);

        assert_eq!(time.by_student["s-alice"], 1_800_000);
        assert_eq!(time.by_student["s-bob"], 120_000);
    }

    #[test]
    fn outsiders_are_unmatched_and_lecturers_get_the_whole_session() {
        let viewers = [
            record(None, "组织外观众", LiveWatch::Total(300_000)),
            record(Some("m-carol"), "Carol (not activated)", LiveWatch::Total(900_000)),
        ];
        let lecturers = HashSet::from(["s-bob".to_owned()]);

        let time = session_study_time(RUN, &class(), &lecturers, &viewers);

        assert_eq!(time.by_student, BTreeMap::from([("s-bob".to_owned(), 3_600_000)]));
        let names: Vec<&str> = time.unmatched.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["Carol (not activated)", "组织外观众"]);
    }

    fn any_watch() -> impl Strategy<Value = LiveWatch> {
        prop_oneof![
            (0i64..10_000_000).prop_map(LiveWatch::Total),
            prop::collection::vec((0i64..6_000_000, 0i64..3_000_000), 0..6).prop_map(|pieces| {
                LiveWatch::Intervals(pieces.into_iter().map(|(s, len)| (s, s + len)).collect())
            }),
        ]
    }

    fn any_viewers() -> impl Strategy<Value = Vec<ViewerRecord>> {
        prop::collection::vec(
            (prop_oneof![Just(Some("m-alice")), Just(Some("m-bob")), Just(None)], any_watch()),
            0..12,
        )
        .prop_map(|records| {
            records
                .into_iter()
                .map(|(key, watch)| record(key, key.unwrap_or("outsider"), watch))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn nobody_ever_gets_more_than_the_session(viewers in any_viewers(), length in 0i64..7_200_000) {
            let run = SessionRun { started_at: 0, ended_at: length };
            let time = session_study_time(run, &class(), &HashSet::new(), &viewers);
            for ms in time.by_student.values() {
                prop_assert!(*ms <= length && *ms > 0);
            }
        }

        #[test]
        fn the_order_of_records_does_not_matter(viewers in any_viewers(), seed in any::<u64>()) {
            let mut shuffled = viewers.clone();
            // A deterministic shuffle from the seed.
            let len = shuffled.len();
            for i in (1..len).rev() {
                let j = usize::try_from(seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)).unwrap();
                shuffled.swap(i, j);
            }
            let run = RUN;
            prop_assert_eq!(
                session_study_time(run, &class(), &HashSet::new(), &viewers),
                session_study_time(run, &class(), &HashSet::new(), &shuffled)
            );
        }

        #[test]
        fn the_same_intervals_reported_twice_count_once(viewers in any_viewers()) {
            let intervals: Vec<ViewerRecord> = viewers
                .into_iter()
                .filter(|v| matches!(v.watch, LiveWatch::Intervals(_)))
                .collect();
            let doubled: Vec<ViewerRecord> =
                intervals.iter().chain(intervals.iter()).cloned().collect();
            prop_assert_eq!(
                session_study_time(RUN, &class(), &HashSet::new(), &intervals).by_student,
                session_study_time(RUN, &class(), &HashSet::new(), &doubled).by_student
            );
        }
    }
}
