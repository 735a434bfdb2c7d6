//! Demo training class for `ketang serve --demo`: a class of the first demo provider's org with
//! 30 activated students, three finished sessions with watch data and effective time computed
//! by the same rules as a real pull. Fixed ids and `on conflict do nothing`: seeding twice
//! changes nothing.

use std::collections::{HashMap, HashSet};

use super::{
    store::demo as store,
    study_time::{LiveWatch, SessionRun, ViewerRecord, session_study_time},
};
use crate::{
    db::now_ms,
    domain::{Mobile, ResidentId},
    state::AppState,
};

/// The demo classroom's first org (see `classroom::demo`).
const ORG_ID: &str = "019b7a40-0000-7000-8000-0000000c0100";
const CLASS_ID: &str = "019b7a40-0000-7000-8000-0000000f0001";
const STUDENTS: u32 = 30;

fn id(kind: u32, n: u32) -> String {
    format!("019b7a40-0000-7000-8000-0000000f{kind:02x}{n:02x}")
}

/// A valid resident ID born 1990-01-01 with sequence `seq` (odd = male).
fn resident_id(seq: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("46020019900101{seq:03}");
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    format!("{body}{}", char::from(check))
}

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: [&str; 6] = ["伟", "芳", "娜", "敏", "静", "磊"];

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = &state.db;
    let now = now_ms();
    let day = 24 * 60 * 60 * 1000;
    let year = time::OffsetDateTime::now_utc().year();
    let code = format!("{}-{year}-900001", state.settings.training.region);
    store::insert_class(db, CLASS_ID, ORG_ID, &code, now, now - 20 * day).await?;
    // With the sandbox on, its DingTalk knows the demo class's department, members and lives,
    // so "update learning records" on the demo class works end to end.
    let sandbox = state.settings.sandbox_enabled();
    if sandbox {
        store::insert_sandbox_department(db, &code, now).await?;
    }
    let mut members = HashMap::new();
    let mut names = HashMap::new();
    for n in 0..STUDENTS {
        let student_id = id(1, n);
        let seq = n * 2 + 1 + (n % 2);
        let resident = ResidentId::parse(&resident_id(seq))?;
        let mobile = Mobile::parse(&format!("1365000{n:04}"))?;
        let name = format!("{}{}", SURNAMES[(n % 10) as usize], GIVEN[(n % 6) as usize]);
        let sealed_id = state.pii.seal("resident_id", resident.as_ref(), resident.masked());
        let sealed_mobile = state.pii.seal("mobile", mobile.as_ref(), mobile.masked());
        let platform_user_id = format!("demo-user-{n}");
        let student = store::DemoStudent {
            id: &student_id,
            class_id: CLASS_ID,
            name: &name,
            gender: resident.gender().as_str(),
            resident_id: &sealed_id,
            mobile: &sealed_mobile,
            activated_at: now - 19 * day,
            platform_user_id: &platform_user_id,
        };
        store::insert_student(db, &student).await?;
        if sandbox {
            store::insert_sandbox_user(db, &platform_user_id, &name, mobile.as_ref(), now).await?;
        }
        members.insert(format!("demo-user-{n}"), student_id);
        names.insert(format!("demo-user-{n}"), name);
    }
    let titles = ["第一讲：平台规则与选品", "第二讲：物流与海外仓", "第三讲：广告投放与复盘"];
    for (s, title) in titles.iter().enumerate() {
        let s32 = u32::try_from(s)?;
        let session_id = id(2, s32);
        let started_at = now - i64::from(14 - 5 * s32) * day;
        let run = SessionRun { started_at, ended_at: started_at + 90 * 60_000 };
        // Everyone but a few watched, for various lengths; two outsiders dropped in.
        let mut viewers: Vec<ViewerRecord> = (0..STUDENTS)
            .filter(|n| (n + s32) % 7 != 0)
            .map(|n| ViewerRecord {
                member_key: Some(format!("demo-user-{n}")),
                name: names[&format!("demo-user-{n}")].clone(),
                watch: LiveWatch::Total(i64::from(30 + (n * 7 + s32 * 11) % 70) * 60_000),
            })
            .collect();
        viewers.push(ViewerRecord {
            member_key: None,
            name: "组织外观众".into(),
            watch: LiveWatch::Total(600_000),
        });
        let study = session_study_time(run, &members, &HashSet::new(), &viewers);
        if sandbox {
            seed_sandbox_live(state, &format!("demo-live-{s}"), title, run, &viewers).await?;
        }
        let live_id = format!("demo-live-{s}");
        let session = store::DemoSession {
            id: &session_id,
            class_id: CLASS_ID,
            title,
            started_at: run.started_at,
            ended_at: run.ended_at,
            platform_live_id: &live_id,
            duration_ms: run.duration_ms(),
            at: now,
        };
        if !store::insert_session(db, &session).await? {
            continue;
        }
        for (v, viewer) in viewers.iter().enumerate() {
            let LiveWatch::Total(live_ms) = viewer.watch else { continue };
            let student = viewer.member_key.as_ref().and_then(|k| members.get(k));
            store::insert_viewer(
                db,
                &id(3 + s32, u32::try_from(v)?),
                &session_id,
                viewer.member_key.as_deref(),
                student.map(String::as_str),
                &viewer.name,
                live_ms,
            )
            .await?;
        }
        for (student_id, ms) in study.by_student {
            store::insert_study_time(db, &session_id, &student_id, ms).await?;
        }
        // Counted as a pull counts them (the session was new, so were its rows).
        store::count_session_records(db, &session_id).await?;
    }
    Ok(())
}

/// The demo session's live as the sandbox DingTalk reports it: run, members and outsiders.
async fn seed_sandbox_live(
    state: &AppState,
    live_id: &str,
    title: &str,
    run: SessionRun,
    viewers: &[ViewerRecord],
) -> anyhow::Result<()> {
    let db = &state.db;
    if !store::insert_sandbox_live(db, live_id, title, run.started_at, run.ended_at).await? {
        return Ok(());
    }
    for (n, viewer) in viewers.iter().enumerate() {
        let LiveWatch::Total(live_ms) = viewer.watch else { continue };
        let watcher_id = format!("{live_id}-{n}");
        store::insert_sandbox_watcher(
            db,
            &watcher_id,
            live_id,
            viewer.member_key.as_deref(),
            &viewer.name,
            live_ms,
        )
        .await?;
    }
    Ok(())
}
