//! Uploads, validation by the bytes, content-addressed storage, Range serving, signed URLs.

use ketang_tests::{TestApp, pdf, png, problem, sha256_hex as sha256, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const CHUNK: usize = 1024 * 1024;

async fn start_upload(app: &TestApp, token: &str, purpose: &str, bytes: &[u8]) -> Value {
    let response = app
        .post_json(
            "/api/v1/uploads",
            &json!({"purpose": purpose, "file_name": "file", "size": bytes.len(), "sha256": sha256(bytes)}),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "start upload");
    response.json().await.unwrap()
}

async fn put_chunk(
    app: &TestApp,
    token: &str,
    upload_id: &str,
    n: usize,
    bytes: &[u8],
) -> reqwest::Response {
    app.request(Method::PUT, &format!("/api/v1/uploads/{upload_id}/chunks/{n}"))
        .bearer_auth(token)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

async fn complete(app: &TestApp, token: &str, upload_id: &str) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/uploads/{upload_id}/complete"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Uploads `bytes` in chunks and completes; the completion response.
async fn upload(app: &TestApp, token: &str, purpose: &str, bytes: &[u8]) -> reqwest::Response {
    let session = start_upload(app, token, purpose, bytes).await;
    let id = session["id"].as_str().unwrap();
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        assert_eq!(put_chunk(app, token, id, n, chunk).await.status(), 204);
    }
    complete(app, token, id).await
}

async fn user(app: &TestApp, phone: &str) -> String {
    app.signed_in_user(phone).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_cover_of_the_right_size_is_stored_and_served_with_ranges() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    let cover = png(386, 240);

    let response = upload(&app, &token, "course_cover", &cover).await;

    assert_eq!(response.status(), 201);
    let media: Value = response.json().await.unwrap();
    assert_eq!(media["width"], 386);
    assert_eq!(media["content_type"], "image/png");
    assert_eq!(media["visibility"], "public");
    let url = media["url"].as_str().unwrap();
    let whole = app.get(url).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "image/png");
    assert!(whole.headers()["cache-control"].to_str().unwrap().contains("public"));
    assert!(whole.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    assert!(whole.headers().get("content-disposition").is_none(), "an image shows inline");
    let etag = whole.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(whole.bytes().await.unwrap().to_vec(), cover);

    let first = app.get(url).header("Range", "bytes=0-9").send().await.unwrap();
    assert_eq!(first.status(), 206);
    assert_eq!(
        first.headers()["content-range"].to_str().unwrap(),
        format!("bytes 0-9/{}", cover.len())
    );
    assert_eq!(first.bytes().await.unwrap().to_vec(), cover[..10]);
    let middle = app.get(url).header("Range", "bytes=100-199").send().await.unwrap();
    assert_eq!(middle.bytes().await.unwrap().to_vec(), cover[100..200]);
    let suffix = app.get(url).header("Range", "bytes=-100").send().await.unwrap();
    assert_eq!(suffix.status(), 206);
    assert_eq!(suffix.bytes().await.unwrap().to_vec(), cover[cover.len() - 100..]);
    let beyond =
        app.get(url).header("Range", format!("bytes={}-", cover.len())).send().await.unwrap();
    assert_eq!(
        beyond.headers()["content-range"].to_str().unwrap(),
        format!("bytes */{}", cover.len())
    );
    assert_eq!(problem(beyond, 416).await["code"], "range_not_satisfiable");
    // RFC 9110: HEAD gives GET's headers; several ranges, another unit or a malformed range
    // are answered with the whole file (a server may ignore Range; it must ignore other units).
    let head = app.request(Method::HEAD, url).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-length"], cover.len().to_string().as_str());
    assert_eq!(head.headers()["accept-ranges"], "bytes");
    assert!(head.bytes().await.unwrap().is_empty());
    let head_range =
        app.request(Method::HEAD, url).header("Range", "bytes=0-9").send().await.unwrap();
    assert_eq!(head_range.status(), 206);
    for ignored in ["bytes=0-9,1000-1019", "items=0-5", "bytes=x-y"] {
        let whole = app.get(url).header("Range", ignored).send().await.unwrap();
        assert_eq!(whole.status(), 200, "{ignored}");
        assert_eq!(whole.bytes().await.unwrap().to_vec(), cover, "{ignored}");
    }
    let cached = app.get(url).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(cached.status(), 304);
}

#[tokio::test]
async fn a_cover_of_another_size_is_refused_saying_both_sizes() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;

    let response = upload(&app, &token, "course_cover", &png(400, 300)).await;

    let body = problem(response, 422).await;
    assert_eq!(body["errors"][0]["field"], "file");
    assert_eq!(body["errors"][0]["code"], "media_dimensions");
    assert_eq!(body["errors"][0]["message"], "尺寸应为 386×240，实际为 400×300");
}

#[tokio::test]
async fn a_declared_size_over_the_limit_is_refused_before_any_byte() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;

    let response = app
        .post_json(
            "/api/v1/uploads",
            &json!({"purpose": "course_cover", "file_name": "big.png", "size": 200 * 1024, "sha256": "a".repeat(64)}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 422).await["errors"][0]["code"], "media_too_large");
    let video = app
        .post_json(
            "/api/v1/uploads",
            &json!({"purpose": "course_video", "file_name": "big.mp4", "size": 200 * 1024 * 1024, "sha256": "a".repeat(64)}),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let message = problem(video, 422).await["errors"][0]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("150 MB") && message.contains("200 MB"),
        "sizes as people read them: {message}"
    );
}

#[tokio::test]
async fn an_interrupted_upload_resumes_from_the_chunks_received() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    let voucher = pdf(2 * CHUNK + 1000);
    let session = start_upload(&app, &token, "payment_voucher", &voucher).await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(session["chunk_count"], 3);
    put_chunk(&app, &token, id, 0, &voucher[..CHUNK]).await;
    put_chunk(&app, &token, id, 2, &voucher[2 * CHUNK..]).await;

    let early = complete(&app, &token, id).await;
    let status: Value = app
        .get(&format!("/api/v1/uploads/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    put_chunk(&app, &token, id, 1, &voucher[CHUNK..2 * CHUNK]).await;
    let finished = complete(&app, &token, id).await;

    assert_eq!(problem(early, 422).await["errors"][0]["code"], "upload_incomplete");
    assert_eq!(status["received"], json!([0, 2]));
    assert_eq!(finished.status(), 201);
}

#[tokio::test]
async fn a_tampered_chunk_fails_the_hash_check() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    let voucher = pdf(CHUNK + 10);
    let session = start_upload(&app, &token, "payment_voucher", &voucher).await;
    let id = session["id"].as_str().unwrap();
    let mut tampered = voucher[CHUNK..].to_vec();
    tampered[0] = b'X';
    put_chunk(&app, &token, id, 0, &voucher[..CHUNK]).await;
    put_chunk(&app, &token, id, 1, &tampered).await;

    let response = complete(&app, &token, id).await;

    assert_eq!(problem(response, 422).await["errors"][0]["code"], "media_hash_mismatch");
}

#[tokio::test]
async fn a_chunk_of_the_wrong_length_is_refused() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    let voucher = pdf(CHUNK + 10);
    let session = start_upload(&app, &token, "payment_voucher", &voucher).await;

    let response =
        put_chunk(&app, &token, session["id"].as_str().unwrap(), 0, &voucher[..100]).await;

    assert_eq!(problem(response, 422).await["errors"][0]["code"], "chunk_size");
}

#[tokio::test]
async fn the_same_bytes_are_stored_once() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    let cover = png(386, 240);

    let first: Value = upload(&app, &token, "course_cover", &cover).await.json().await.unwrap();
    let second: Value = upload(&app, &token, "course_cover", &cover).await.json().await.unwrap();

    assert_ne!(first["id"], second["id"]);
    let blobs = walk(&app.settings.data_dir.join("media/blobs"));
    assert_eq!(blobs, 1);
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.map(|e| e.unwrap().path()).map(|p| if p.is_dir() { walk(&p) } else { 1 }).sum()
        })
        .unwrap_or(0)
}

/// Behind nginx (`media.accel_redirect`), Ketang checks each request and hands the file over
/// (`X-Accel-Redirect` to the internal location, no body) with the headers it would have sent;
/// nginx then sends it with sendfile and answers ranges (scripts/dist_check.py runs the real
/// nginx site). A refused request is never handed over.
#[tokio::test]
async fn behind_nginx_a_checked_file_is_handed_over_with_its_headers() {
    let app = ketang_tests::spawn_app_with(|settings| {
        settings.media.accel_redirect = Some("/_ketang_media/".into());
    })
    .await;
    let token = user(&app, "13800138000").await;
    let cover = png(386, 240);
    let media: Value = upload(&app, &token, "course_cover", &cover).await.json().await.unwrap();
    let sha = sha256(&cover);

    for range in [None, Some("bytes=0-9")] {
        let mut request = app.get(media["url"].as_str().unwrap());
        if let Some(range) = range {
            request = request.header("Range", range);
        }
        let handed = request.send().await.unwrap();
        assert_eq!(handed.status(), 200, "{range:?}: nginx answers the range itself");
        let headers = handed.headers().clone();
        assert_eq!(
            headers["x-accel-redirect"],
            format!("/_ketang_media/blobs/{}/{sha}", &sha[..2]).as_str()
        );
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(headers["etag"], format!("\"{sha}\"").as_str());
        assert!(headers["cache-control"].to_str().unwrap().contains("immutable"));
        assert!(headers["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
        assert!(handed.bytes().await.unwrap().is_empty(), "{range:?}: no body of our own");
    }

    let voucher: Value =
        upload(&app, &token, "payment_voucher", &pdf(5000)).await.json().await.unwrap();
    let id = voucher["id"].as_str().unwrap();
    let unsigned = app.get(&format!("/media/{id}")).send().await.unwrap();
    assert!(unsigned.headers().get("x-accel-redirect").is_none());
    assert_eq!(problem(unsigned, 403).await["code"], "forbidden");
    let signed: Value = app
        .request(Method::POST, &format!("/api/v1/media/{id}/signed-url"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let handed = app.get(signed["url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(handed.status(), 200);
    assert!(
        handed.headers()["x-accel-redirect"].to_str().unwrap().starts_with("/_ketang_media/blobs/")
    );
    assert!(handed.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(handed.headers()["cache-control"].to_str().unwrap().contains("no-store"));
}

#[tokio::test]
async fn private_files_need_a_signed_url_that_only_their_owner_gets() {
    let app = spawn_app().await;
    let owner = user(&app, "13800138000").await;
    let stranger = user(&app, "13700137000").await;
    let media: Value =
        upload(&app, &owner, "payment_voucher", &pdf(5000)).await.json().await.unwrap();
    let id = media["id"].as_str().unwrap();

    let unsigned = app.get(&format!("/media/{id}")).send().await.unwrap();
    let strangers_url = app
        .request(Method::POST, &format!("/api/v1/media/{id}/signed-url"))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    let signed: Value = app
        .request(Method::POST, &format!("/api/v1/media/{id}/signed-url"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = signed["url"].as_str().unwrap();
    let served = app.get(url).send().await.unwrap();
    let expired = app.get(&url.replace("expires=", "expires=1")).send().await.unwrap();

    assert_eq!(problem(unsigned, 403).await["code"], "forbidden");
    assert_eq!(problem(strangers_url, 404).await["code"], "not_found");
    assert_eq!(served.status(), 200);
    assert!(served.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    // A PDF may carry JavaScript (/OpenAction): downloaded, never opened in our origin.
    let disposition = served.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let policy = served.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.starts_with("sandbox"), "{policy}");
    assert_eq!(problem(expired, 403).await["code"], "forbidden");

    // A platform operator (reviewing a course video or a payment voucher) may sign it too.
    let operator = app.signed_in_user("13900000001").await;
    app.make_admin(operator["user"]["id"].as_str().unwrap(), "reviewer").await;
    let reviewers_url = app
        .request(Method::POST, &format!("/api/v1/media/{id}/signed-url"))
        .bearer_auth(operator["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(reviewers_url.status(), 200);
}

#[tokio::test]
async fn another_users_upload_is_not_found() {
    let app = spawn_app().await;
    let owner = user(&app, "13800138000").await;
    let stranger = user(&app, "13700137000").await;
    let session = start_upload(&app, &owner, "course_cover", &png(386, 240)).await;
    let id = session["id"].as_str().unwrap();

    let read =
        app.get(&format!("/api/v1/uploads/{id}")).bearer_auth(&stranger).send().await.unwrap();
    let write = put_chunk(&app, &stranger, id, 0, b"x").await;

    assert_eq!(problem(read, 404).await["code"], "not_found");
    assert_eq!(problem(write, 404).await["code"], "not_found");
}

/// The same journeys with the files in an S3-compatible bucket: PyPI `moto[server]`, which
/// `make test` installs in `.venv` and names in `MOTO_SERVER`.
mod s3 {
    use std::{
        net::TcpListener,
        process::{Child, Command, Stdio},
        time::Duration,
    };

    use ketang::config::S3Settings;
    use ketang_tests::spawn_app_with;

    use super::*;

    const BUCKET: &str = "ketang-media";

    struct S3Server {
        child: Child,
        endpoint: String,
    }

    impl Drop for S3Server {
        fn drop(&mut self) {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }

    /// A fresh S3 server with an empty bucket, or `None` (said on stderr) without `moto`.
    async fn start_s3() -> Option<S3Server> {
        let Some(binary) = std::env::var_os("MOTO_SERVER") else {
            eprintln!("skipped: MOTO_SERVER is not set (run `make test`)");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let server = S3Server { child, endpoint: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        for _ in 0..150 {
            // moto accepts unsigned requests: creating the bucket is also the readiness probe.
            let created = client.put(format!("{}/{BUCKET}", server.endpoint)).send().await;
            if created.is_ok_and(|r| r.status().is_success()) {
                return Some(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto_server did not come up");
    }

    async fn spawn_app_on(s3: &S3Server) -> TestApp {
        let endpoint = s3.endpoint.clone();
        spawn_app_with(move |settings| {
            settings.media.s3 = Some(S3Settings {
                bucket: BUCKET.into(),
                endpoint: Some(endpoint),
                region: "us-east-1".into(),
                access_key_id: "testing".into(),
                secret_access_key: "testing".to_owned().into(),
                path_style: true,
            });
        })
        .await
    }

    fn redirect_target(response: &reqwest::Response) -> String {
        assert_eq!(response.status(), 302, "a redirect to the bucket");
        response.headers()["location"].to_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn public_files_go_to_the_bucket_and_are_served_from_it_with_ranges() {
        let Some(s3) = start_s3().await else { return };
        let app = spawn_app_on(&s3).await;
        let token = user(&app, "13800138000").await;
        let bytes = png(386, 240);

        let media: Value = upload(&app, &token, "course_cover", &bytes).await.json().await.unwrap();
        let again = upload(&app, &token, "course_cover", &bytes).await;
        let served = app.get(&format!("/media/{}", media["id"].as_str().unwrap())).send().await;
        let location = redirect_target(served.as_ref().unwrap());
        let whole = reqwest::get(&location).await.unwrap();
        let head = reqwest::Client::new()
            .get(&location)
            .header("Range", "bytes=0-7")
            .send()
            .await
            .unwrap();
        let blobs: Vec<_> = {
            use futures_util::TryStreamExt;
            let listing = app.state.media.store.list(Some(&"blobs".into()));
            listing.try_collect().await.unwrap()
        };

        assert_eq!(again.status(), 201);
        assert!(location.starts_with(&format!("{}/{BUCKET}/blobs/", s3.endpoint)), "{location}");
        assert!(location.contains("X-Amz-Signature="), "presigned: {location}");
        assert_eq!(whole.status(), 200);
        assert_eq!(whole.headers()["content-type"], "image/png");
        assert_eq!(whole.bytes().await.unwrap().as_ref(), bytes.as_slice());
        assert_eq!(head.status(), 206);
        assert_eq!(head.bytes().await.unwrap().as_ref(), &bytes[..8]);
        assert_eq!(blobs.len(), 1, "the same bytes are stored once");
    }

    #[tokio::test]
    async fn a_private_file_needs_a_signed_url_before_it_leads_to_the_bucket() {
        let Some(s3) = start_s3().await else { return };
        let app = spawn_app_on(&s3).await;
        let token = user(&app, "13800138000").await;
        let bytes = pdf(3 * CHUNK + 17);
        let media: Value =
            upload(&app, &token, "payment_voucher", &bytes).await.json().await.unwrap();
        let id = media["id"].as_str().unwrap();

        let unsigned = app.get(&format!("/media/{id}")).send().await.unwrap();
        let signed: Value = app
            .request(Method::POST, &format!("/api/v1/media/{id}/signed-url"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let redirect = app.get(signed["url"].as_str().unwrap()).send().await.unwrap();
        let cache = redirect.headers()["cache-control"].to_str().unwrap().to_owned();
        let fetched = reqwest::get(redirect_target(&redirect)).await.unwrap();

        assert_eq!(problem(unsigned, 403).await["code"], "forbidden");
        assert!(cache.contains("no-store"), "{cache}");
        assert_eq!(fetched.status(), 200);
        assert_eq!(fetched.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
}

#[tokio::test]
async fn images_are_decoded_whole_and_header_claims_are_bounded_for_every_purpose() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    for (purpose, name, expected) in [
        ("provider_logo", "logo-185x74-truncated.png", "media_unreadable"),
        ("course_cover", "cover-386x240-truncated.jpg", "media_unreadable"),
        ("provider_logo", "logo-claims-185000x74000.png", "media_dimensions_too_large"),
        ("course_cover", "cover-claims-386000x240000.png", "media_dimensions_too_large"),
        ("course_cover", "cover-claims-65500x40720.jpg", "media_dimensions_too_large"),
        ("long_image", "long-image-claims-65500x26200.jpg", "media_dimensions_too_large"),
    ] {
        let refused = upload(&app, &token, purpose, &ketang_tests::fixture(name)).await;
        let refused = problem(refused, 422).await;
        assert_eq!(refused["errors"][0]["code"], expected, "{name}: {refused}");
    }
    let stored: i64 =
        sqlx::query_scalar("select count(*) from media").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, 0, "nothing refused was stored");
}

/// Issue 20 item 15: sixteen completions of one upload at once make one media record, and
/// every caller gets that one (none a 5xx), round after round.
#[tokio::test]
async fn sixteen_completions_at_once_make_one_media_record() {
    let app = spawn_app().await;
    let token = user(&app, "13800138000").await;
    for round in 0..5u32 {
        let bytes = png(386 + round, 240);
        let session = start_upload(&app, &token, "long_image", &bytes).await;
        let id = session["id"].as_str().unwrap().to_owned();
        for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
            assert_eq!(put_chunk(&app, &token, &id, n, chunk).await.status(), 204);
        }
        let completions = (0..16).map(|_| complete(&app, &token, &id));
        let outcomes = futures_util::future::join_all(completions).await;
        let mut media_ids = std::collections::HashSet::new();
        for outcome in outcomes {
            let status = outcome.status().as_u16();
            let body: Value = outcome.json().await.unwrap();
            match status {
                201 => {
                    media_ids.insert(body["id"].as_str().unwrap().to_owned());
                }
                409 => assert_eq!(body["code"], "upload_in_progress", "round {round}"),
                other => panic!("round {round}: a completion answered {other}: {body}"),
            }
        }
        assert_eq!(media_ids.len(), 1, "round {round}: every 201 names the same media");
        let records: i64 = sqlx::query_scalar("select count(*) from media where sha256 = $1")
            .bind(sha256(&bytes))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(records, 1, "round {round}: one media record");
    }
}
