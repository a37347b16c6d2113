//! Rotating the key identifying details are sealed under: a new key on top of the key file, `cspr
//! identifying-details rotate`, the old key removed, and the details still given to the lead reviewer.

use std::{path::PathBuf, process::Stdio};

use super::{cspr, demo_token, free_address, get, http, serve};

fn send(method: &str, path: &str, token: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn identifying_details_resealed_under_a_new_key_open_once_the_old_key_is_gone() {
    let dir: PathBuf = std::env::temp_dir().join(format!("cspr-rotate-{}", std::process::id()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let (_, reviews) = http(&addr, &get("/v1/reviews", Some(&admin))).unwrap();
    let reviews: serde_json::Value = serde_json::from_str(&reviews).unwrap();
    let id = reviews["items"][0]["id"].as_str().unwrap().to_owned();
    let details = r#"{"real_name": "Rosa Quennell", "date_of_birth": "2018-03-01"}"#;
    let put = send(
        "PUT",
        &format!("/v1/reviews/{id}/identifying-details/Child%20C"),
        &admin,
        details,
    );
    let (status, body) = http(&addr, &put).unwrap();
    assert_eq!(status, 200, "{body}");
    server.kill().unwrap();
    server.wait().unwrap();

    // A new key on top; the rotation reseals the one record, then finds nothing more to do.
    let keys = dir.join("identifying-details.keys");
    let old = std::fs::read_to_string(&keys).unwrap();
    let new = String::from_utf8(cspr(&dir, &["identifying-details", "new-key"]).stdout).unwrap();
    assert!(new.starts_with("key-"), "{new}");
    std::fs::write(&keys, format!("{new}{old}")).unwrap();
    let rotated = cspr(&dir, &["identifying-details", "rotate"]);
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(
        rotated.status.success(),
        "{}",
        String::from_utf8_lossy(&rotated.stderr)
    );
    assert!(
        said.starts_with("1 identifying details, 0 dates of birth and "),
        "{said}"
    );
    let again = cspr(&dir, &["identifying-details", "rotate"]);
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .starts_with("0 identifying details, 0 dates of birth and 0 delivery secrets")
    );

    // The old key removed, the lead reviewer is still given them.
    std::fs::write(&keys, &new).unwrap();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    let lead = demo_token(
        &dir,
        &["--role", "lead_reviewer", "--subject", "reviewer-ann"],
    );
    let today = chrono::Utc::now().date_naive();
    let declare = send(
        "POST",
        &format!("/v1/reviews/{id}/declarations"),
        &lead,
        &format!(r#"{{"confidentiality_signed_on": "{today}"}}"#),
    );
    let (status, body) = http(&addr, &declare).unwrap();
    assert!(status == 201 || status == 409, "{status} {body}");
    let release = send(
        "POST",
        &format!("/v1/reviews/{id}/identifying-details/release"),
        &lead,
        r#"{"purpose": "Genogram."}"#,
    );
    let (status, body) = http(&addr, &release).unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Rosa Quennell"), "{body}");
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(dir).ok();
}
