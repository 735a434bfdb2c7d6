//! The README's integrator examples, run as written (between the `integrator-examples`
//! markers) with curl, bash and openssl against a live server: documentation that cannot rot.

use ketang_tests::spawn_app_with;
use serde_json::{Value, json};

fn readme_commands() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let start = readme.find("<!-- integrator-examples -->").expect("the examples' start marker");
    let end = readme.find("<!-- /integrator-examples -->").expect("the examples' end marker");
    readme[start..end]
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && !line.starts_with('#')
                && !line.starts_with("```")
                && !line.starts_with("<!--")
        })
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_readme_integrator_examples_work_as_written() {
    let app = spawn_app_with(|settings| settings.jobs.enabled = false).await;
    let owner =
        app.signed_in_user("13800138000").await["access_token"].as_str().unwrap().to_owned();
    let org: Value = app.create_org(&owner, &json!({"name": "三亚示例跨境电商有限公司", "uscc": "91460200MA5T8XY10H", "legal_representative": "张三"})).await;
    let org_id = org["id"].as_str().unwrap().to_owned();
    let mut credentials = Vec::new();
    for kind in ["api_key", "oauth_client"] {
        let created: Value = app
            .post_json(
                &format!("/api/v1/orgs/{org_id}/api-clients"),
                &json!({"kind": kind, "name": kind, "scopes": ["classes:read"]}),
            )
            .bearer_auth(&owner)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        credentials.push(created);
    }
    let body = r#"{"id":"d1","event":"member.approved"}"#;
    let env = vec![
        ("KETANG", app.address.clone()),
        ("ORG_ID", org_id),
        ("API_KEY", credentials[0]["secret"].as_str().unwrap().to_owned()),
        ("CLIENT_ID", credentials[1]["client"]["public_id"].as_str().unwrap().to_owned()),
        ("CLIENT_SECRET", credentials[1]["secret"].as_str().unwrap().to_owned()),
        ("WEBHOOK_ID", "d1".to_owned()),
        ("WEBHOOK_TIMESTAMP", "1764460800".to_owned()),
        ("WEBHOOK_BODY", body.to_owned()),
        ("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned()),
    ];

    let commands = readme_commands();
    assert_eq!(commands.len(), 4, "{commands:?}");
    let mut outputs = Vec::new();
    for command in commands {
        let env = env.clone();
        let output = tokio::task::spawn_blocking(move || {
            std::process::Command::new("bash")
                .arg("-c")
                .arg(&command)
                .envs(env)
                .output()
                .expect("bash")
        })
        .await
        .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        outputs.push(String::from_utf8(output.stdout).unwrap());
    }

    let page: Value = serde_json::from_str(&outputs[0]).unwrap();
    assert_eq!(page["total"], 0);
    assert_eq!(page["page_size"], 20);
    let token: Value = serde_json::from_str(&outputs[1]).unwrap();
    assert!(token["access_token"].as_str().unwrap().starts_with("kt_at_"));
    assert_eq!(token["scope"], "classes:read");
    let problem: Value = serde_json::from_str(&outputs[2]).unwrap();
    assert_eq!(problem["status"], 403);
    assert_eq!(problem["code"], "insufficient_scope");
    assert_eq!(problem["detail"], "This credential lacks the scope classes:write.");
    assert_eq!(
        outputs[3].trim(),
        ketang::integrators::webhooks::standard_signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "d1",
            1_764_460_800,
            body
        )
    );
}
