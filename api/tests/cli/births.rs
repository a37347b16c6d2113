//! A child's date of birth given on a referral: kept sealed, a date kept plain before sealing sealed as
//! the server starts (a delivery secret too), resealed by `cspr identifying-details rotate`, and still
//! counted by the retention schedule (the child's 25th birthday) once the old key is gone.

use std::{path::Path, process::Stdio};

use diesel::{Connection, QueryableByName, RunQueryDsl, sql_types::BigInt};

use super::{cspr, demo_token, free_address, get, http, serve};

fn send(method: &str, path: &str, token: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn sqlite(dir: &Path) -> diesel::SqliteConnection {
    diesel::SqliteConnection::establish(dir.join("cspr.db").to_str().unwrap()).unwrap()
}

fn plain_dates(dir: &Path) -> i64 {
    diesel::sql_query("SELECT COUNT(*) AS n FROM referral_children WHERE date_of_birth IS NOT NULL")
        .load::<Count>(&mut sqlite(dir))
        .unwrap()[0]
        .n
}

/// The day the referral's case is due in the retention schedule, as the business team reads it.
fn due_on(addr: &str, admin: &str, referral: &str) -> String {
    let (status, body) = http(addr, &get("/v1/retention/schedule", Some(admin))).unwrap();
    assert_eq!(status, 200, "{body}");
    let schedule: serde_json::Value = serde_json::from_str(&body).unwrap();
    schedule["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["referral_id"] == referral)
        .map(|i| i["due_on"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_date_of_birth_is_sealed_as_the_server_starts_resealed_on_rotation_and_still_counted() {
    let dir = std::env::temp_dir().join(format!("cspr-births-{}", std::process::id()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    let school = demo_token(&dir, &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let body = r#"{"incident_date":"2026-01-05","aware_date":"2026-01-06","harm":"serious_harm","abuse_or_neglect":"suspected","children":[{"pseudonym":"Child A","date_of_birth":"2024-02-29","sex":"female","looked_after":false,"child_protection_plan":false,"local_authority":"Demoshire County Council"}],"involved_agencies":[],"criteria":{"improvements_needed":{"applies":true},"recurrent_themes":{"applies":false},"multi_agency_working":{"applies":false},"panel_suggested_local_review":{"applies":false},"single_agency_concern":{"applies":false},"no_agency_involvement":{"applies":false},"cross_boundary":{"applies":false},"institutional_setting":{"applies":false}},"summary":"Closed at triage."}"#;
    let (status, made) = http(&addr, &send("POST", "/v1/referrals", &school, body)).unwrap();
    assert_eq!(status, 201, "{made}");
    let made: serde_json::Value = serde_json::from_str(&made).unwrap();
    let id = made["id"].as_str().unwrap().to_owned();
    let close =
        r#"{"criteria_met": false, "outcome_if_not_met": "close", "reasons": "Accidental."}"#;
    let (status, body) = http(
        &addr,
        &send("POST", &format!("/v1/referrals/{id}/triage"), &admin, close),
    )
    .unwrap();
    assert_eq!(status, 201, "{body}");
    // Kept six years, but at least to her 25th birthday.
    assert_eq!(due_on(&addr, &admin, &id), "2049-02-28");
    assert_eq!(plain_dates(&dir), 0, "written sealed");
    server.kill().unwrap();
    server.wait().unwrap();

    // A date kept plain, as rows written before sealing were: sealed as the server starts.
    diesel::sql_query(format!(
        "UPDATE referral_children SET date_of_birth = '2024-02-29', age_years = NULL, \
         birth_key_id = NULL, birth_nonce = NULL, birth_sealed = NULL WHERE referral_id = '{id}'"
    ))
    .execute(&mut sqlite(&dir))
    .unwrap();
    assert_eq!(plain_dates(&dir), 1);
    // So is a webhook secret kept plain before secrets were sealed.
    diesel::sql_query(
        "INSERT INTO webhook_subscriptions (id, partnership_id, url, secret, created_by, created_at) \
         SELECT '0190f0f0-f0f0-7000-8000-00000000000a', id, 'https://example.org/hook', \
         'whsec_kept_plain_before', 'admin', '2026-01-01 00:00:00' FROM partnerships LIMIT 1",
    )
    .execute(&mut sqlite(&dir))
    .unwrap();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    assert_eq!(plain_dates(&dir), 0, "sealed at start");
    let plain_secrets = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE secret NOT LIKE 'sealed:v1:%'",
    )
    .load::<Count>(&mut sqlite(&dir))
    .unwrap()[0]
        .n;
    assert_eq!(plain_secrets, 0, "secrets sealed at start");
    assert_eq!(due_on(&addr, &admin, &id), "2049-02-28");
    server.kill().unwrap();
    server.wait().unwrap();

    // A new key on top, the rotation reseals the date, the old key goes: still counted.
    let keys = dir.join("identifying-details.keys");
    let old = std::fs::read_to_string(&keys).unwrap();
    let new = String::from_utf8(cspr(&dir, &["identifying-details", "new-key"]).stdout).unwrap();
    std::fs::write(&keys, format!("{new}{old}")).unwrap();
    let rotated = cspr(&dir, &["identifying-details", "rotate"]);
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(said.contains(", 1 dates of birth and "), "{said}");
    std::fs::write(&keys, &new).unwrap();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    assert_eq!(due_on(&addr, &admin, &id), "2049-02-28");
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(dir).ok();
}
