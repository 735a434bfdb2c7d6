//! The access matrix over the whole spec (SPEC §0, issue 9): every operation is classified —
//! public, org-scoped (`{org_id}` in its path), operator-only (`/admin/…`) or signed-in — and
//! called as the wrong party. New endpoints are covered the day they land; one that fits no
//! class fails the test.
//!
//! - org-scoped, on org A's real id: org B's owner and org B's integrator key (all scopes) get
//!   404, as if A did not exist; nobody signed in gets 401;
//! - operator-only: a signed-in non-operator gets 403, nobody signed in 401;
//! - signed-in: nobody signed in gets 401.
//!
//! Writes are sent without a body: body extraction runs beside the access check, so a write may
//! be refused for its body (400/415/422) before the access check answers — never accepted, never
//! 403/409 (which would tell A's objects exist), never 5xx.

use ketang_tests::spawn_app_with;
use reqwest::Method;
use serde_json::{Value, json};

const DUMMY_ID: &str = "019b7a40-0000-7000-8000-00000000ffff";

#[derive(Debug, PartialEq)]
enum Class {
    Public,
    OrgScoped,
    Operator,
    SignedIn,
}

fn classify(path: &str, operation: &Value) -> Option<Class> {
    let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
    if path.starts_with("/api/v1/admin/") {
        return secured.then_some(Class::Operator);
    }
    if path.contains("{org_id}") {
        return secured.then_some(Class::OrgScoped);
    }
    if secured {
        return Some(Class::SignedIn);
    }
    Some(Class::Public)
}

fn concrete(path: &str, org_id: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).unwrap();
        let name = &rest[start + 1..end];
        out.push_str(match name {
            "org_id" => org_id,
            "provider" => "wechat",
            "kind" => "level",
            "dictionary" => "categories",
            "n" => "0",
            _ => DUMMY_ID,
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn every_operation_refuses_the_wrong_party() {
    let app = spawn_app_with(|settings| settings.jobs.enabled = false).await;
    let create_org = |token: String, name: &'static str, uscc: &'static str| {
        let app = &app;
        async move {
            let org: Value = app
                .create_org(
                    &token,
                    &json!({"name": name, "uscc": uscc, "legal_representative": "张三"}),
                )
                .await;
            org["id"].as_str().unwrap().to_owned()
        }
    };
    let owner_a =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let owner_b =
        app.signed_in_user("13700137000").await["access_token"].as_str().unwrap().to_owned();
    let org_a = create_org(owner_a, "甲公司", "91460200MA5T8XY10H").await;
    let org_b = create_org(owner_b.clone(), "乙公司", "91460100MA5TDEM1XD").await;
    let key_b: Value = app
        .post_json(
            &format!("/api/v1/orgs/{org_b}/api-clients"),
            &json!({"kind": "api_key", "name": "all", "scopes": ["org:read", "courses:read", "courses:write",
                "classes:read", "classes:write", "membership:read", "membership:write"]}),
        )
        .bearer_auth(&owner_b)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key_b = key_b["secret"].as_str().unwrap().to_owned();

    let spec = serde_json::to_value(ketang::routes::spec()).unwrap();
    let mut checked = 0;
    let mut unclassified = Vec::new();
    let mut wrong = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method_name, operation) in item.as_object().unwrap() {
            let method = Method::from_bytes(method_name.to_uppercase().as_bytes()).unwrap();
            let Some(class) = classify(path, operation) else {
                unclassified.push(format!("{method_name} {path}"));
                continue;
            };
            let url = concrete(path, &org_a);
            let read = method == Method::GET;
            let acceptable_write = |status: u16| matches!(status, 400 | 404 | 415 | 422);
            let mut expect = |who: &str, status: u16, wanted: u16| {
                checked += 1;
                let ok = status == wanted
                    || (!read && wanted != 401 && acceptable_write(status))
                    || (!read && wanted == 401 && matches!(status, 400 | 401 | 415 | 422));
                if !ok {
                    wrong.push(format!("{method_name} {url} as {who}: {status}, wanted {wanted}"));
                }
            };
            let call = |token: Option<&str>| {
                let mut request = app.request(method.clone(), &url);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                async move { request.send().await.unwrap().status().as_u16() }
            };
            match class {
                Class::Public => {}
                Class::OrgScoped => {
                    expect("org B's owner", call(Some(&owner_b)).await, 404);
                    expect("org B's API key", call(Some(&key_b)).await, 404);
                    expect("anonymous", call(None).await, 401);
                }
                Class::Operator => {
                    let status = call(Some(&owner_b)).await;
                    expect("a non-operator", status, 403);
                    expect("anonymous", call(None).await, 401);
                }
                Class::SignedIn => expect("anonymous", call(None).await, 401),
            }
        }
    }
    assert!(unclassified.is_empty(), "operations no class fits: {unclassified:?}");
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
    assert!(checked > 200, "the matrix covers the spec ({checked} calls)");
}
