//! The `cspr` binary as an operator uses it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{path::PathBuf, process::Command};

fn cspr(data_dir: &PathBuf, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cspr"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("CSPR_DATABASE_URL")
        .env_remove("CSPR_JWKS_URL")
        .output()
        .unwrap()
}

fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("cspr-cli-{}", std::process::id()))
}

#[test]
fn the_cli_adds_partnerships_once_mints_tokens_and_prints_the_contract() {
    let dir = temp_dir();
    let first = cspr(
        &dir,
        &["partnership", "add", "demo", "--name", "Demo partnership"],
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("created"));
    let again = cspr(
        &dir,
        &["partnership", "add", "demo", "--name", "Demo partnership"],
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("exists"));

    let token = cspr(
        &dir,
        &[
            "token",
            "--partnership",
            "demo",
            "--role",
            "agency",
            "--agency",
            "la",
            "--ttl",
            "30m",
        ],
    );
    assert!(token.status.success());
    assert_eq!(
        String::from_utf8_lossy(&token.stdout)
            .trim()
            .split('.')
            .count(),
        3
    );

    let bad = cspr(
        &dir,
        &["token", "--partnership", "demo", "--role", "superuser"],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("role"));

    let doc = cspr(&dir, &["openapi"]);
    assert_eq!(
        String::from_utf8_lossy(&doc.stdout),
        cspr_api::openapi_doc::document_json().unwrap()
    );

    let demo = cspr(&dir, &["demo"]);
    assert!(
        String::from_utf8_lossy(&demo.stdout).contains("DEMO-"),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let demo_again = cspr(&dir, &["demo"]);
    assert!(String::from_utf8_lossy(&demo_again.stdout).contains("already loaded"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unknown_database_scheme_is_refused_before_anything_starts() {
    let out = Command::new(env!("CARGO_BIN_EXE_cspr"))
        .args(["migrate"])
        .env("DATABASE_URL", "mysql://localhost/cspr")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mysql"));
}
