//! Configuration precedence (defaults < ketang.toml < DATABASE_URL < KETANG_*) and the `prod`
//! profile's refusals.

use std::{collections::HashMap, io::Write};

use ketang::config::{ConfigSources, Profile, Settings};
use secrecy::ExposeSecret;

fn toml_file(contents: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(contents.as_bytes()).unwrap();
    file
}

fn sources(file: Option<&tempfile::NamedTempFile>, env: &[(&str, &str)]) -> ConfigSources {
    ConfigSources {
        file: file.map(|f| (f.path().to_path_buf(), true)),
        env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<HashMap<_, _>>(),
    }
}

#[test]
fn defaults_apply_when_nothing_is_configured() {
    let settings = Settings::load(&ConfigSources::defaults_only()).unwrap();

    assert_eq!(settings.profile, Profile::Dev);
    assert_eq!(settings.server.host, "127.0.0.1");
    assert_eq!(settings.server.port, 8080);
    assert!(settings.sandbox_enabled(), "sandbox is on in dev");
    assert_eq!(settings.database_url().expose_secret(), "sqlite://data/ketang.db?mode=rwc");
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    let file = toml_file(
        "[server]\nport = 9000\nhost = \"0.0.0.0\"\n[database]\nurl = \"sqlite://file.db\"\n",
    );

    let from_file = Settings::load(&sources(Some(&file), &[])).unwrap();
    let from_env = Settings::load(&sources(
        Some(&file),
        &[("KETANG_SERVER__PORT", "9100"), ("KETANG_DATABASE__URL", "postgres://env/db")],
    ))
    .unwrap();

    assert_eq!(from_file.server.port, 9000);
    assert_eq!(from_file.server.host, "0.0.0.0");
    assert_eq!(from_file.database_url().expose_secret(), "sqlite://file.db");
    assert_eq!(from_env.server.port, 9100);
    assert_eq!(from_env.server.host, "0.0.0.0", "unset in env, so the file's value stays");
    assert_eq!(from_env.database_url().expose_secret(), "postgres://env/db");
}

#[test]
fn database_url_ranks_above_the_file_and_below_ketang_database_url() {
    let file = toml_file("[database]\nurl = \"sqlite://file.db\"\n");

    let plain =
        Settings::load(&sources(Some(&file), &[("DATABASE_URL", "postgres://plain/db")])).unwrap();
    let both = Settings::load(&sources(
        Some(&file),
        &[
            ("DATABASE_URL", "postgres://plain/db"),
            ("KETANG_DATABASE__URL", "postgres://ketang/db"),
        ],
    ))
    .unwrap();

    assert_eq!(plain.database_url().expose_secret(), "postgres://plain/db");
    assert_eq!(both.database_url().expose_secret(), "postgres://ketang/db");
}

#[test]
fn lists_and_flags_parse_from_the_environment() {
    let settings = Settings::load(&sources(
        None,
        &[
            ("KETANG_CORS__ALLOWED_ORIGINS", "https://a.example,https://b.example"),
            ("KETANG_SANDBOX__ENABLED", "false"),
            ("KETANG_SERVER__WORKERS", "3"),
        ],
    ))
    .unwrap();

    assert_eq!(settings.cors.allowed_origins, ["https://a.example", "https://b.example"]);
    assert!(!settings.sandbox_enabled());
    assert_eq!(settings.server.workers, Some(3));
}

#[test]
fn a_malformed_value_is_an_error_not_a_default() {
    let result = Settings::load(&sources(None, &[("KETANG_SERVER__PORT", "eighty")]));

    assert!(result.is_err());
}

#[test]
fn a_required_config_file_that_is_missing_is_an_error() {
    let sources = ConfigSources {
        file: Some(("/nonexistent/ketang.toml".into(), true)),
        env: HashMap::new(),
    };

    assert!(Settings::load(&sources).is_err());
}

const GOOD_SECRET: &str = "0123456789abcdef0123456789abcdef-prod";
/// Base64 of 32 bytes.
const GOOD_PII_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// Everything prod needs, right.
const GOOD_PROD: &[(&str, &str)] = &[
    ("KETANG_AUTH__JWT_SECRET", GOOD_SECRET),
    ("KETANG_PII__KEY", GOOD_PII_KEY),
    ("KETANG_DATABASE__URL", "postgres://db/ketang"),
    ("KETANG_WEB__PUBLIC_BASE_URL", "https://ketang.example.cn"),
    ("KETANG_SMS__PROVIDER", "aliyun"),
];

/// `GOOD_PROD` with `changes` on top.
fn prod_with(changes: &[(&'static str, &'static str)]) -> Settings {
    let mut env: Vec<(&str, &str)> =
        GOOD_PROD.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).copied().collect();
    env.extend_from_slice(changes);
    prod(&env)
}

#[test]
fn prod_refuses_low_entropy_secrets_plain_http_and_the_console_sms_sender() {
    for secret in ["a".repeat(32), "ab".repeat(20), "passwordpasswordpasswordpassword".to_owned()] {
        let secret: &'static str = Box::leak(secret.into_boxed_str());
        let refusal =
            prod_with(&[("KETANG_AUTH__JWT_SECRET", secret)]).check_profile().unwrap_err();
        assert_eq!(refusal.setting, "KETANG_AUTH__JWT_SECRET", "{secret}");
    }
    // A hex key from `openssl rand -hex 32` passes.
    let hex = prod_with(&[(
        "KETANG_AUTH__JWT_SECRET",
        "9f1c2e7a4b8d03f65e21c9a7b4d8e0f1a2c3b4d5e6f708192a3b4c5d6e7f8091",
    )]);
    assert_eq!(hex.check_profile(), Ok(()));
    for url in ["http://ketang.example.cn", ""] {
        let refusal =
            prod_with(&[("KETANG_WEB__PUBLIC_BASE_URL", url)]).check_profile().unwrap_err();
        assert_eq!(refusal.setting, "KETANG_WEB__PUBLIC_BASE_URL", "{url:?}");
    }
    let console = prod_with(&[("KETANG_SMS__PROVIDER", "console")]).check_profile().unwrap_err();
    assert_eq!(console.setting, "KETANG_SMS__PROVIDER");
    assert!(console.to_string().contains("KETANG_SMS__PROVIDER"), "{console}");
}

#[test]
fn every_profile_refuses_a_wildcard_cors_origin_and_unreadable_proxies() {
    for profile in ["dev", "prod"] {
        let settings = Settings::load(&sources(
            None,
            &[("KETANG_PROFILE", profile), ("KETANG_CORS__ALLOWED_ORIGINS", "https://a.example,*")],
        ))
        .unwrap();
        let refusal = settings.check_profile().unwrap_err();
        assert_eq!(refusal.setting, "KETANG_CORS__ALLOWED_ORIGINS", "{profile}");
        assert!(refusal.reason.contains('*'));
    }
    let proxies = Settings::load(&sources(
        None,
        &[("KETANG_SERVER__TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")],
    ))
    .unwrap();
    assert_eq!(proxies.check_profile().unwrap_err().setting, "KETANG_SERVER__TRUSTED_PROXIES");
    let fine = Settings::load(&sources(
        None,
        &[("KETANG_SERVER__TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1,::1")],
    ))
    .unwrap();
    assert_eq!(fine.server.trusted_proxies.len(), 3);
    assert_eq!(fine.check_profile(), Ok(()));
}

fn prod(env: &[(&str, &str)]) -> Settings {
    let mut all = vec![("KETANG_PROFILE", "prod")];
    all.extend_from_slice(env);
    Settings::load(&sources(None, &all)).unwrap()
}

#[test]
fn prod_starts_with_real_settings() {
    let settings = prod(GOOD_PROD);

    assert_eq!(settings.check_profile(), Ok(()));
    assert_eq!(settings.pii_key().unwrap(), *b"0123456789abcdef0123456789abcdef");
    assert!(!settings.sandbox_enabled(), "sandbox is off by default in prod");
}

#[test]
fn prod_refuses_a_missing_jwt_key_and_names_the_setting() {
    let settings = prod(&[("KETANG_DATABASE__URL", "postgres://db/ketang")]);

    let refusal = settings.check_profile().unwrap_err();

    assert_eq!(refusal.setting, "KETANG_AUTH__JWT_SECRET");
    assert!(refusal.to_string().contains("KETANG_AUTH__JWT_SECRET"), "{refusal}");
}

#[test]
fn prod_refuses_a_short_jwt_key() {
    let settings =
        prod(&[("KETANG_AUTH__JWT_SECRET", "short"), ("KETANG_DATABASE__URL", "postgres://db/k")]);

    let refusal = settings.check_profile().unwrap_err();

    assert_eq!(refusal.setting, "KETANG_AUTH__JWT_SECRET");
    assert!(refusal.reason.contains("32"));
}

#[test]
fn prod_refuses_the_generated_development_key() {
    let data_dir = tempfile::tempdir().unwrap();
    let data_dir_str = data_dir.path().to_str().unwrap().to_owned();
    let dev = Settings::load(&sources(None, &[("KETANG_DATA_DIR", &data_dir_str)])).unwrap();
    let dev_key = dev.jwt_secret().unwrap();

    let settings = prod(&[
        ("KETANG_DATA_DIR", &data_dir_str),
        ("KETANG_AUTH__JWT_SECRET", dev_key.expose_secret()),
        ("KETANG_DATABASE__URL", "postgres://db/ketang"),
    ]);

    let refusal = settings.check_profile().unwrap_err();
    assert_eq!(refusal.setting, "KETANG_AUTH__JWT_SECRET");
    assert!(refusal.reason.contains("development key"), "{refusal}");
}

#[test]
fn prod_refuses_sandbox_mode() {
    let settings = prod(&[
        ("KETANG_AUTH__JWT_SECRET", GOOD_SECRET),
        ("KETANG_PII__KEY", GOOD_PII_KEY),
        ("KETANG_DATABASE__URL", "postgres://db/ketang"),
        ("KETANG_SANDBOX__ENABLED", "true"),
    ]);

    assert_eq!(settings.check_profile().unwrap_err().setting, "KETANG_SANDBOX__ENABLED");
}

#[test]
fn prod_refuses_an_unset_database_url() {
    let settings =
        prod(&[("KETANG_AUTH__JWT_SECRET", GOOD_SECRET), ("KETANG_PII__KEY", GOOD_PII_KEY)]);

    assert_eq!(settings.check_profile().unwrap_err().setting, "KETANG_DATABASE__URL");
}

#[test]
fn prod_refuses_an_unset_personal_data_key() {
    let settings = prod(&[
        ("KETANG_AUTH__JWT_SECRET", GOOD_SECRET),
        ("KETANG_DATABASE__URL", "postgres://db/ketang"),
    ]);

    assert_eq!(settings.check_profile().unwrap_err().setting, "KETANG_PII__KEY");
    assert!(settings.pii_key().is_err(), "no generated key outside dev");
}

#[test]
fn the_development_key_is_generated_once_and_kept() {
    let data_dir = tempfile::tempdir().unwrap();
    let data_dir_str = data_dir.path().to_str().unwrap().to_owned();
    let settings = Settings::load(&sources(None, &[("KETANG_DATA_DIR", &data_dir_str)])).unwrap();

    let first = settings.jwt_secret().unwrap();
    let second = settings.jwt_secret().unwrap();

    assert!(first.expose_secret().len() >= 32);
    assert_eq!(first.expose_secret(), second.expose_secret());
    assert!(data_dir.path().join("dev-jwt.key").is_file());
}

#[test]
fn printed_settings_never_show_secrets() {
    let settings = Settings::load(&sources(
        None,
        &[
            ("KETANG_AUTH__JWT_SECRET", GOOD_SECRET),
            ("KETANG_DATABASE__URL", "postgres://ketang:hunter2@db/ketang"),
        ],
    ))
    .unwrap();

    let printed = settings.redacted().to_string();
    let debugged = format!("{settings:?}");

    for text in [&printed, &debugged] {
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains(GOOD_SECRET), "{text}");
    }
    assert!(printed.contains("postgres://ketang:***@db/ketang"));
}
