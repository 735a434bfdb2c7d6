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

/// Merged length of intervals clipped to `[lo, hi)`.
fn covered_ms(mut intervals: Vec<(i64, i64)>, lo: i64, hi: i64) -> i64 {
    intervals.retain_mut(|(start, end)| {
        *start = (*start).max(lo);
        *end = (*end).min(hi);
        start < end
    });
    intervals.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for (start, end) in intervals {
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

/// One viewer's records, gathered in a single pass over the platform's list.
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

    /// The viewer's live time within the session: totals plus merged intervals, capped.
    fn live_ms(self, run: SessionRun) -> i64 {
        let from_intervals = covered_ms(self.intervals, run.started_at, run.ended_at);
        self.total_ms.saturating_add(from_intervals).min(run.duration_ms())
    }
}

/// Effective time of each activated student in one session.
///
/// `students` maps a department member's key to the student id (activated students only);
/// `lecturers` are the student ids of the session's lecturers. One pass groups the records by
/// student (a hash lookup each: a session's list can hold a million records), then each
/// student's intervals are merged.
pub fn session_study_time(
    run: SessionRun,
    students: &HashMap<String, String>,
    lecturers: &HashSet<String>,
    viewers: &[ViewerRecord],
) -> SessionStudyTime {
    let mut by_student: HashMap<&str, Watched> = HashMap::with_capacity(students.len());
    let mut unmatched: BTreeMap<&str, Watched> = BTreeMap::new();
    for viewer in viewers {
        match viewer.member_key.as_deref().and_then(|key| students.get(key)) {
            Some(student_id) => by_student.entry(student_id).or_default().add(&viewer.watch),
            None => unmatched.entry(viewer.name.as_str()).or_default().add(&viewer.watch),
        }
    }
    let mut by_student: BTreeMap<String, i64> = by_student
        .into_iter()
        .map(|(student_id, watched)| (student_id.to_owned(), watched.live_ms(run)))
        .filter(|(_, ms)| *ms > 0)
        .collect();
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
