//! P5 (issue 10): effective study time of one session for 1,000 students × 1,000 watch
//! records each, against sorting the same 1,000,000 intervals — the least any exact
//! computation of merged time must do. Criterion measures both; the ratio of the medians is
//! printed as `BENCH_RESULT {json}` for `bench/run.sh`. Target ≤ 2.0.

use std::{
    collections::{HashMap, HashSet},
    hint::black_box,
    time::Duration,
};

use criterion::Criterion;
use ketang::training::study_time::{LiveWatch, SessionRun, ViewerRecord, session_study_time};

const STUDENTS: usize = 1_000;
const RECORDS_PER_STUDENT: usize = 1_000;
const SESSION_MS: i64 = 3 * 60 * 60 * 1000;

/// A deterministic generator (xorshift), so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: i64) -> i64 {
        i64::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }
}

/// Each student's records: short watching intervals (reconnects, two devices) scattered over
/// the session, overlapping now and then, in arrival (not time) order.
fn session() -> (SessionRun, HashMap<String, String>, Vec<ViewerRecord>) {
    let run =
        SessionRun { started_at: 1_700_000_000_000, ended_at: 1_700_000_000_000 + SESSION_MS };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let students: HashMap<String, String> =
        (0..STUDENTS).map(|n| (format!("member-{n:04}"), format!("student-{n:04}"))).collect();
    let mut viewers = Vec::with_capacity(STUDENTS * RECORDS_PER_STUDENT);
    for n in 0..STUDENTS {
        for _ in 0..RECORDS_PER_STUDENT {
            let start = run.started_at - 60_000 + rng.below(SESSION_MS + 120_000);
            let end = start + 1_000 + rng.below(30_000);
            viewers.push(ViewerRecord {
                member_key: Some(format!("member-{n:04}")),
                name: format!("学员{n}"),
                watch: LiveWatch::Intervals(vec![(start, end)]),
            });
        }
    }
    (run, students, viewers)
}

fn intervals(viewers: &[ViewerRecord]) -> Vec<(i64, i64)> {
    viewers
        .iter()
        .flat_map(|v| match &v.watch {
            LiveWatch::Intervals(list) => list.clone(),
            LiveWatch::Total(_) => Vec::new(),
        })
        .collect()
}

fn median_ns(dir: &std::path::Path, group: &str, name: &str) -> f64 {
    let path = dir.join(group).join(name).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let estimates: serde_json::Value = serde_json::from_str(&text).expect("criterion estimates");
    estimates["median"]["point_estimate"].as_f64().expect("median")
}

fn main() {
    let (run, students, viewers) = session();
    let lecturers = HashSet::new();
    let baseline = intervals(&viewers);
    let output = tempfile::tempdir().expect("criterion output dir");
    let mut criterion = Criterion::default()
        .output_directory(output.path())
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut group = criterion.benchmark_group("p5");
    group.bench_function("effective_study_time", |b| {
        b.iter(|| session_study_time(run, &students, &lecturers, black_box(&viewers)));
    });
    group.bench_function("sort_intervals", |b| {
        b.iter_batched(
            || baseline.clone(),
            |mut list| {
                list.sort_unstable();
                list
            },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
    criterion.final_summary();

    let effective = median_ns(output.path(), "p5", "effective_study_time");
    let sort = median_ns(output.path(), "p5", "sort_intervals");
    let ratio = effective / sort;
    let result = serde_json::json!({"P5": {
        "ratio": (ratio * 100.0).round() / 100.0,
        "target": 2.0,
        "detail": format!(
            "effective study time {:.1} ms vs sorting the same 1,000,000 intervals {:.1} ms \
             (criterion medians; 1,000 students × 1,000 records)",
            effective / 1e6, sort / 1e6
        ),
    }});
    #[allow(clippy::print_stdout)]
    {
        println!("BENCH_RESULT {result}");
    }
}
