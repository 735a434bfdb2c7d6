//! The title search index's statements (issue 24, P11): each live course's normalised title
//! and its one- and two-character grams, replaced in the transaction that makes it live.

use crate::db::Conn;

/// Forgets the grams of `course_id`'s indexed title.
pub async fn delete_grams(conn: &mut Conn, course_id: &str) -> sqlx::Result<()> {
    sqlx::query("delete from catalog_title_grams where course_id = $1")
        .bind(course_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The indexed (normalised) title of `course_id`, inserted or replaced.
pub async fn upsert_title(conn: &mut Conn, course_id: &str, title: &str) -> sqlx::Result<()> {
    sqlx::query(
        "insert into catalog_titles (course_id, title) values ($1, $2) \
         on conflict (course_id) do update set title = excluded.title",
    )
    .bind(course_id)
    .bind(title)
    .execute(conn)
    .await?;
    Ok(())
}

/// The grams of `course_id`'s title, in one statement for all of them (a title of 30
/// characters has up to 59), each with the course's place in the catalog (`decided_at`, the
/// live revision's approval); none may be empty.
pub async fn insert_grams(
    conn: &mut Conn,
    course_id: &str,
    decided_at: i64,
    grams: &[String],
) -> sqlx::Result<()> {
    let values: Vec<String> = (0..grams.len()).map(|i| format!("(${}, $1, $2)", i + 3)).collect();
    let sql = format!(
        "insert into catalog_title_grams (gram, course_id, decided_at) values {}",
        values.join(", ")
    );
    let mut insert = sqlx::query(&sql).bind(course_id).bind(decided_at);
    for gram in grams {
        insert = insert.bind(gram);
    }
    insert.execute(conn).await?;
    Ok(())
}
