//! P4 (issue 10): a 10,000-row student workbook imported end to end — HTTP upload to the real
//! server, every row checked, personal data sealed, rows committed — against calamine parsing
//! the same bytes in this process (the least an import must do). Each run parses, then
//! imports, back to back, and the figure is the median of the runs' ratios: this host's speed
//! drifts by a third, at times by half, over seconds, and a parse and the import right after
//! it drift together. Printed as `BENCH_RESULT {json}` for `bench/run.sh`. Target ≤ 3.0.
//! SQLite, or PostgreSQL with `TEST_DATABASE_URL`.

use std::time::{Duration, Instant};

use calamine::Reader;
use ketang_tests::{spawn_app_with, students_workbook};
use serde_json::{Value, json};

const RUNS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Every cell of the first sheet as text: what any import must at least do.
fn parse(bytes: &[u8]) -> usize {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("workbook");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    range
        .rows()
        .map(|row| row.iter().map(ToString::to_string).filter(|c| !c.is_empty()).count())
        .sum()
}

#[tokio::main]
async fn main() {
    let workbook = students_workbook(10_000);
    let app = spawn_app_with(|s| {
        s.server.workers = Some(2);
        s.database.max_connections = 10;
        s.jobs.enabled = false;
    })
    .await;
    let token =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app.create_org(&token, &json!({"name": "三亚示例有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"})).await;
    let classes = format!("/api/v1/orgs/{}/classes", org["id"].as_str().unwrap());

    let mut parses = Vec::new();
    let mut imports = Vec::new();
    for run in 0..RUNS {
        let started = Instant::now();
        assert_eq!(parse(&workbook), 50_005, "every cell read");
        parses.push(started.elapsed());

        let class: Value = app
            .post_json(
                &classes,
                &json!({"name": format!("第{run}期"), "class_type_code": "enterprise_staff",
                                         "training_mode": "live", "platform": "dingtalk"}),
            )
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let path = format!("{classes}/{}/students/import", class["id"].as_str().unwrap());
        let started = Instant::now();
        let outcome: Value = app
            .client
            .post(app.url(&path))
            .bearer_auth(&token)
            .header(
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            .body(workbook.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        imports.push(started.elapsed());
        assert_eq!(outcome["imported"], 10_000, "{outcome}");
    }

    let mut ratios: Vec<f64> =
        imports.iter().zip(&parses).map(|(i, p)| i.as_secs_f64() / p.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    let (lowest, ratio, highest) = (ratios[0], ratios[RUNS / 2], ratios[RUNS - 1]);
    let (parse, import) = (median(parses), median(imports));
    let database = if app
        .settings
        .database
        .url
        .as_ref()
        .is_some_and(|u| secrecy::ExposeSecret::expose_secret(u).starts_with("postgres"))
    {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let result = json!({"P4": {
        "ratio": (ratio * 100.0).round() / 100.0,
        "target": 3.0,
        "detail": format!(
            "10,000-row import end to end {:.0} ms vs calamine parse {:.0} ms ({database}; median of {RUNS} runs' ratios, range {lowest:.2}–{highest:.2}; times are medians)",
            import.as_secs_f64() * 1e3, parse.as_secs_f64() * 1e3
        ),
    }});
    #[allow(clippy::print_stdout)]
    {
        println!("BENCH_RESULT {result}");
    }
}
