//! Demo training class for `ketang serve --demo`: a class of the first demo provider's org with
//! 30 activated students, three finished sessions with watch data and effective time computed
//! by the same rules as a real pull. Fixed ids and `on conflict do nothing`: seeding twice
//! changes nothing.

use std::collections::{HashMap, HashSet};

use super::study_time::{LiveWatch, SessionRun, ViewerRecord, session_study_time};
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
    sqlx::query(
        "insert into classes (id, org_id, name, code, class_type_code, training_mode, platform, \
         platform_department_id, synced_at, records_updated_at, created_at, updated_at) \
         values ($1, $2, '2026 春季跨境电商运营班', $3, 'enterprise_staff', 'live', 'dingtalk', \
         '101', $4, $4, $5, $4) on conflict do nothing",
    )
    .bind(CLASS_ID)
    .bind(ORG_ID)
    .bind(format!("{}-{year}-900001", state.settings.training.region))
    .bind(now)
    .bind(now - 20 * day)
    .execute(&db.pool)
    .await?;
    // With the sandbox on, its DingTalk knows the demo class's department, members and lives,
    // so "update learning records" on the demo class works end to end.
    let sandbox = state.settings.sandbox_enabled();
    if sandbox {
        sqlx::query(
            "insert into sandbox_dingtalk_departments (dept_id, name, source_identifier, created_at) \
             values (101, '2026 春季跨境电商运营班', $1, $2) on conflict do nothing",
        )
        .bind(format!("{}-{year}-900001", state.settings.training.region))
        .bind(now)
        .execute(&db.pool)
        .await?;
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
        sqlx::query(
            "insert into students (id, class_id, name, gender, resident_id_encrypted, resident_id_hash, \
             resident_id_masked, mobile_encrypted, mobile_hash, mobile_masked, education, status, \
             activated_at, platform_user_id, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'bachelor', 'active', $11, $12, $11, $11) \
             on conflict do nothing",
        )
        .bind(&student_id)
        .bind(CLASS_ID)
        .bind(&name)
        .bind(resident.gender().as_str())
        .bind(&sealed_id.encrypted)
        .bind(&sealed_id.hash)
        .bind(&sealed_id.masked)
        .bind(&sealed_mobile.encrypted)
        .bind(&sealed_mobile.hash)
        .bind(&sealed_mobile.masked)
        .bind(now - 19 * day)
        .bind(format!("demo-user-{n}"))
        .execute(&db.pool)
        .await?;
        if sandbox {
            sqlx::query(
                "insert into sandbox_dingtalk_users (userid, name, mobile, dept_id, created_at) \
                 values ($1, $2, $3, '101', $4) on conflict do nothing",
            )
            .bind(format!("demo-user-{n}"))
            .bind(&name)
            .bind(mobile.as_ref())
            .bind(now)
            .execute(&db.pool)
            .await?;
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
        let inserted = sqlx::query(
            "insert into class_sessions (id, class_id, title, planned_start_at, planned_end_at, \
             platform_live_id, started_at, ended_at, duration_ms, live_status, pulled_at, created_at, \
             updated_at) values ($1, $2, $3, $4, $5, $6, $4, $5, $7, 3, $8, $8, $8) on conflict do nothing",
        )
        .bind(&session_id)
        .bind(CLASS_ID)
        .bind(*title)
        .bind(run.started_at)
        .bind(run.ended_at)
        .bind(format!("demo-live-{s}"))
        .bind(run.duration_ms())
        .bind(now)
        .execute(&db.pool)
        .await?;
        if inserted.rows_affected() == 0 {
            continue;
        }
        for (v, viewer) in viewers.iter().enumerate() {
            let LiveWatch::Total(live_ms) = viewer.watch else { continue };
            let student = viewer.member_key.as_ref().and_then(|k| members.get(k));
            sqlx::query(
                "insert into session_viewers (id, session_id, platform_user_id, student_id, name, live_ms, \
                 playback_ms) values ($1, $2, $3, $4, $5, $6, 0)",
            )
            .bind(id(3 + s32, u32::try_from(v)?))
            .bind(&session_id)
            .bind(viewer.member_key.as_deref())
            .bind(student)
            .bind(&viewer.name)
            .bind(live_ms)
            .execute(&db.pool)
            .await?;
        }
        for (student_id, ms) in study.by_student {
            sqlx::query(
                "insert into session_study_times (session_id, student_id, effective_ms) values ($1, $2, $3) \
                 on conflict do nothing",
            )
            .bind(&session_id)
            .bind(student_id)
            .bind(ms)
            .execute(&db.pool)
            .await?;
        }
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
    let inserted = sqlx::query(
        "insert into sandbox_dingtalk_lives (live_id, title, pre_start_time, pre_end_time, start_time, \
         end_time, live_status, created_at) values ($1, $2, $3, $4, $3, $4, 3, $3) on conflict do nothing",
    )
    .bind(live_id)
    .bind(title)
    .bind(run.started_at)
    .bind(run.ended_at)
    .execute(&state.db.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(());
    }
    for (n, viewer) in viewers.iter().enumerate() {
        let LiveWatch::Total(live_ms) = viewer.watch else { continue };
        sqlx::query(
            "insert into sandbox_dingtalk_watchers (id, live_id, userid, name, live_ms, playback_ms) \
             values ($1, $2, $3, $4, $5, 0)",
        )
        .bind(format!("{live_id}-{n}"))
        .bind(live_id)
        .bind(viewer.member_key.as_deref())
        .bind(&viewer.name)
        .bind(live_ms)
        .execute(&state.db.pool)
        .await?;
    }
    Ok(())
}
