//! A student's own learning records (SPEC §5.4, the H5 view of issue 6): students are not
//! accounts, so a signed-in user sees the classes whose activated students have the user's
//! verified phone (matched by the keyed hash of the sealed mobile), with each session's
//! effective time. Nothing of anyone else's is visible.

use actix_web::{get, web::Json};
use serde::Serialize;
use utoipa::ToSchema;

use super::{TAG, live::StudentSessionRecord, store};
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
    let mobile = store::my_records::user_mobile(&state.db, &user.id).await?;
    let Some(mobile) = mobile else { return Ok(Json(Vec::new())) };
    let mobile_hash = state.pii.hash("mobile", &mobile);
    let enrolments = store::my_records::enrolments(&state.db, &mobile_hash).await?;
    let mut classes = Vec::with_capacity(enrolments.len());
    for enrolment in enrolments {
        let mut sessions = store::live::session_records_of_student(
            &state.db,
            &enrolment.class_id,
            &enrolment.student_id,
        )
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
