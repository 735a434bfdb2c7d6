//! A student's own learning records (SPEC §5.4, the H5 view of issue 6): students are not
//! accounts, so a signed-in user sees the classes whose activated students have the user's
//! verified phone (matched by the keyed hash of the sealed mobile), with each session's
//! effective time. Nothing of anyone else's is visible.

use actix_web::{get, web::Json};
use serde::Serialize;
use utoipa::ToSchema;

use super::{TAG, live::StudentSessionRecord};
use crate::{
    access::CurrentUser, db::rfc3339, error::ApiResult, openapi::SignedInErrors, state::AppState,
};

/// One class the caller studies in.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyClassRecords {
    pub class_id: String,
    pub class_name: String,
    pub class_code: String,
    pub org_name: String,
    /// The caller's name as the class lists it.
    pub student_name: String,
    /// Effective live time across the class's sessions (what subsidy hours count).
    pub total_effective_ms: i64,
    pub sessions: Vec<StudentSessionRecord>,
}

#[derive(Debug, sqlx::FromRow)]
struct Enrolment {
    student_id: String,
    student_name: String,
    class_id: String,
    class_name: String,
    class_code: String,
    org_name: String,
}

/// The caller's learning records in every class that lists the caller's phone as an activated
/// student, newest class first. Empty for an account without a phone.
#[utoipa::path(
    tag = TAG,
    operation_id = "list_my_learning_records",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<MyClassRecords>), SignedInErrors),
)]
#[get("/me/learning-records")]
pub async fn my_learning_records(
    state: AppState,
    user: CurrentUser,
) -> ApiResult<Json<Vec<MyClassRecords>>> {
    let mobile: Option<String> = sqlx::query_scalar("select mobile from users where id = $1")
        .bind(&user.id)
        .fetch_optional(&state.db.pool)
        .await?
        .flatten();
    let Some(mobile) = mobile else { return Ok(Json(Vec::new())) };
    let enrolments: Vec<Enrolment> = sqlx::query_as(
        "select st.id as student_id, st.name as student_name, c.id as class_id, c.name as class_name, \
         c.code as class_code, o.name as org_name from students st \
         join classes c on c.id = st.class_id join orgs o on o.id = c.org_id \
         where st.mobile_hash = $1 and st.status = 'active' order by c.created_at desc, c.id",
    )
    .bind(state.pii.hash("mobile", &mobile))
    .fetch_all(&state.db.pool)
    .await?;
    let mut classes = Vec::with_capacity(enrolments.len());
    for enrolment in enrolments {
        let mut sessions: Vec<StudentSessionRecord> = sqlx::query_as(
            "select s.id as session_id, s.title, s.started_at, s.duration_ms, \
             coalesce(t.effective_ms, 0) as effective_ms, \
             cast(coalesce((select sum(v.live_ms) from session_viewers v where v.session_id = s.id and v.student_id = $2), 0) as bigint) as reported_live_ms, \
             cast(coalesce((select sum(v.playback_ms) from session_viewers v where v.session_id = s.id and v.student_id = $2), 0) as bigint) as reported_playback_ms \
             from class_sessions s left join session_study_times t on t.session_id = s.id and t.student_id = $2 \
             where s.class_id = $1 order by s.planned_start_at, s.id",
        )
        .bind(&enrolment.class_id)
        .bind(&enrolment.student_id)
        .fetch_all(&state.db.pool)
        .await?;
        for session in &mut sessions {
            session.started_at = session.started_ms.map(rfc3339);
        }
        classes.push(MyClassRecords {
            class_id: enrolment.class_id,
            class_name: enrolment.class_name,
            class_code: enrolment.class_code,
            org_name: enrolment.org_name,
            student_name: enrolment.student_name,
            total_effective_ms: sessions.iter().map(|s| s.effective_ms).sum(),
            sessions,
        });
    }
    Ok(Json(classes))
}
