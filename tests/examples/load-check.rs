//! The load check: many clients mixing reads and writes against a real server on a fresh database, then
//! every acknowledged write read back with its audit event. Not a timed test: it reports what it saw and
//! fails (exit 1) on any error or any write missing.
//!
//! `cargo run --release -p cspr-tests --example load-check -- [--clients 32] [--seconds 60] [--postgres URL]`
//!
//! SQLite under a temporary directory by default; with `--postgres postgres://user@host:port` a fresh
//! database on that server, dropped afterwards.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use cspr_api::{
    Application,
    auth::{claims::Claims, local::LocalKey},
    config::{Secret, Settings},
};
use cspr_domain::text::{Name, PartnershipSlug};
use cspr_persistence::{Database, partnerships};
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{Value, json};

struct Args {
    clients: usize,
    seconds: u64,
    postgres: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        clients: 32,
        seconds: 60,
        postgres: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--clients" => a.clients = value.parse().map_err(|e| format!("--clients: {e}"))?,
            "--seconds" => a.seconds = value.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--postgres" => a.postgres = Some(value.trim_end_matches('/').to_owned()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(a)
}

fn referral() -> Value {
    let no = json!({"applies": false});
    json!({
        "incident_date": "2026-01-05", "aware_date": "2026-01-06", "received_on": "2026-01-06",
        "harm": "serious_harm", "abuse_or_neglect": "suspected",
        "children": [{"pseudonym": "Child A", "age_years": 2, "sex": "female", "looked_after": false,
                      "child_protection_plan": false, "local_authority": "Loadshire County Council"}],
        "involved_agencies": ["LA"],
        "criteria": {"improvements_needed": {"applies": true}, "recurrent_themes": no,
            "multi_agency_working": no, "panel_suggested_local_review": no, "single_agency_concern": no,
            "no_agency_involvement": no, "cross_boundary": no, "institutional_setting": no},
        "summary": "A load-check referral."
    })
}

#[derive(Default)]
struct Tally {
    ok: usize,
    errors: Vec<String>,
    latencies: Vec<Duration>,
    created: Vec<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let data_dir = std::env::temp_dir().join(format!("cspr-load-{}", uuid::Uuid::now_v7()));
    let mut settings = Settings::local(data_dir.clone());
    settings.pool_size = 8;
    // Every client here is 127.0.0.1 and one of two callers: the load, not the limits, is measured.
    settings.rate_limit_per_address = 1_000_000;
    settings.rate_limit_per_caller = 1_000_000;
    let database = match &args.postgres {
        Some(server) => {
            let name = format!("cspr_load_{}", uuid::Uuid::now_v7().simple());
            let mut admin = PgConnection::establish(&format!("{server}/postgres"))?;
            diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
            settings.database_url = Some(Secret::new(format!("{server}/{name}")));
            Some((server.clone(), name))
        }
        None => None,
    };
    let url = settings.database()?;
    let backend = url.backend();
    let (tx, rx) = std::sync::mpsc::channel();
    let server = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build(settings) {
                Ok(app) => {
                    tx.send(Ok((app.port(), app.handle()))).ok();
                    app.run_until_stopped().await.ok();
                }
                Err(e) => {
                    tx.send(Err(e.to_string())).ok();
                }
            }
        })
    });
    let (port, handle) = rx.recv()??;
    let base = format!("http://127.0.0.1:{port}");
    let slug = PartnershipSlug::parse("loadcheck")?;
    let name = Name::parse("Load check")?;
    Database::connect(url, 1, Duration::from_secs(5))?
        .transaction(|c| partnerships::ensure(c, &slug, &name))?;
    let key = LocalKey::load_or_create(&data_dir)?;
    let token = |roles: &[&str], agency: Option<&str>| {
        key.mint(
            &Claims {
                sub: format!("load-{}", roles[0]),
                partnership: "loadcheck".into(),
                agency: agency.map(Into::into),
                roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            },
            Duration::from_secs(3600),
        )
    };
    let (admin, agency) = (
        Arc::new(token(&["partnership_admin"], None)?),
        Arc::new(token(&["agency"], Some("SCHOOL"))?),
    );

    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(async {
        let client = reqwest::Client::new();
        for (code, kind, role) in [("LA", "local_authority", "local_authority"), ("SCHOOL", "education", "none")] {
            client
                .post(format!("{base}/v1/agencies"))
                .bearer_auth(admin.as_str())
                .json(&json!({"code": code, "name": code, "kind": kind, "statutory_role": role}))
                .send()
                .await?
                .error_for_status()?;
        }
        let started = Instant::now();
        let deadline = started + Duration::from_secs(args.seconds);
        let mut tasks = vec![];
        for c in 0..args.clients {
            let (client, base, admin, agency) =
                (client.clone(), base.clone(), admin.clone(), agency.clone());
            tasks.push(tokio::spawn(async move {
                let mut t = Tally::default();
                let mut i = c;
                while Instant::now() < deadline {
                    i += 1;
                    let at = Instant::now();
                    // Four in ten requests write; the rest read a page or one referral (each read writes
                    // its audit event too).
                    let res = match (i % 10, t.created.last()) {
                        (0..=3, _) | (_, None) => {
                            client.post(format!("{base}/v1/referrals")).bearer_auth(agency.as_str())
                                .json(&referral()).send().await
                        }
                        (4..=6, _) => {
                            client.get(format!("{base}/v1/referrals?limit=20")).bearer_auth(admin.as_str())
                                .send().await
                        }
                        (_, Some(id)) => {
                            client.get(format!("{base}/v1/referrals/{id}")).bearer_auth(agency.as_str())
                                .send().await
                        }
                    };
                    t.latencies.push(at.elapsed());
                    match res {
                        Ok(r) if r.status().is_success() => {
                            t.ok += 1;
                            let created = r.status() == reqwest::StatusCode::CREATED;
                            let body: Value = r.json().await.unwrap_or_default();
                            if let (true, Some(id)) = (created, body["id"].as_str()) {
                                t.created.push(id.to_owned());
                            }
                        }
                        Ok(r) => t.errors.push(format!("{} {}", r.status(), r.text().await.unwrap_or_default())),
                        Err(e) => t.errors.push(e.to_string()),
                    }
                }
                t
            }));
        }
        let mut all = Tally::default();
        for task in tasks {
            let t = task.await?;
            all.ok += t.ok;
            all.errors.extend(t.errors);
            all.latencies.extend(t.latencies);
            all.created.extend(t.created);
        }
        let elapsed = started.elapsed();

        // Every acknowledged write is readable, with exactly one create event in the audit trail.
        let mut missing = vec![];
        for chunk in all.created.chunks(args.clients.max(1)) {
            let checks = chunk.iter().map(|id| {
                let (client, base, admin, id) = (client.clone(), base.clone(), admin.clone(), id.clone());
                async move {
                    let read = client.get(format!("{base}/v1/referrals/{id}")).bearer_auth(admin.as_str()).send().await;
                    let events: Value = client
                        .get(format!("{base}/v1/audit-events?resource_type=referral&resource_id={id}&action=create"))
                        .bearer_auth(admin.as_str()).send().await?.json().await?;
                    let found = read.is_ok_and(|r| r.status().is_success())
                        && events["items"].as_array().is_some_and(|e| e.len() == 1);
                    Ok::<_, reqwest::Error>((id, found))
                }
            });
            for check in futures_join(checks).await {
                let (id, found) = check?;
                if !found {
                    missing.push(id);
                }
            }
        }
        Ok::<_, Box<dyn std::error::Error>>((all, elapsed, missing))
    });
    handle_stop(&runtime, handle);
    server.join().ok();
    std::fs::remove_dir_all(&data_dir).ok();
    if let Some((server, name)) = database
        && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
    {
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .ok();
    }
    let (mut all, elapsed, missing) = result?;
    all.latencies.sort();
    let pct = |p: f64| {
        all.latencies
            .get(
                ((all.latencies.len() as f64 * p) as usize)
                    .min(all.latencies.len().saturating_sub(1)),
            )
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let total = all.ok + all.errors.len();
    println!(
        "load check on {backend}: {} clients for {:.1} s",
        args.clients,
        elapsed.as_secs_f64()
    );
    println!(
        "requests {total} ({:.0}/s), writes {} ({:.0}/s), latency p50 {:.1} ms, p99 {:.1} ms",
        total as f64 / elapsed.as_secs_f64(),
        all.created.len(),
        all.created.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99)
    );
    println!(
        "errors {}, acknowledged writes missing {}",
        all.errors.len(),
        missing.len()
    );
    if let Some(first) = all.errors.first() {
        println!("first error: {first}");
    }
    if all.errors.is_empty() && missing.is_empty() {
        Ok(())
    } else {
        std::process::exit(1)
    }
}

/// Awaits every future of a batch, concurrently.
async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        if let Ok(v) = h.await {
            out.push(v);
        }
    }
    out
}

fn handle_stop(runtime: &tokio::runtime::Runtime, handle: actix_web::dev::ServerHandle) {
    runtime.block_on(handle.stop(true));
}
