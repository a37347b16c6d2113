//! The requests measured, each against the real server and, where one exists, against the ceiling; and
//! the table they make.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use chrono::Utc;
use cspr_domain::{calendar::england_date, ids::ReferralId};
use cspr_persistence::Database;
use reqwest::{Client, RequestBuilder, header::CONTENT_TYPE};
use serde_json::{Value, json};

use crate::{Args, Failure, dataset, fail, load};

pub struct Tokens {
    pub admin: String,
    pub hospital: String,
    pub school: String,
}

/// A server to drive and the database whose statements it counts.
pub struct Target {
    pub base: String,
    pub db: Database,
}

/// One request kind, measured.
pub struct Measured {
    outcome: load::Outcome,
    statements: f64,
}

pub struct Row {
    name: &'static str,
    api: Arc<Measured>,
    /// The bare handler serving the same query; shared by the REST and GraphQL rows that read alike.
    ceiling: Option<Arc<Measured>>,
}

async fn measure<F>(args: &Args, target: &Target, next: F) -> Arc<Measured>
where
    F: Fn(usize, usize) -> Option<RequestBuilder> + Send + Sync + 'static,
{
    let before = target.db.statements_sent();
    let outcome = load::run(args.clients, Duration::from_secs(args.seconds), next).await;
    let sent = target.db.statements_sent() - before;
    Arc::new(Measured {
        statements: sent as f64 / outcome.requests.max(1) as f64,
        outcome,
    })
}

/// Spreads clients over the ids so that no two ask for the same referral in step.
fn pick(ids: &[ReferralId], client: usize, n: usize) -> String {
    ids[(client * 7_919 + n * 104_729) % ids.len()].to_string()
}

const GRAPHQL_FIELDS: &str = "id reference status referringAgency kind receivedAt receivedOn \
    incidentDate awareDate harm abuseOrNeglect children { pseudonym role ageYears sex lookedAfter } \
    involvedAgencies familiesMovedAcrossAreas summary";

fn graphql(
    client: &Client,
    base: &str,
    token: &str,
    query: String,
    variables: Value,
) -> RequestBuilder {
    client
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
}

pub async fn run_all(
    args: &Args,
    api: Target,
    ceiling: Target,
    tokens: &Tokens,
    seeded: &dataset::Seeded,
) -> Result<Vec<Row>, Failure> {
    let client = Client::builder()
        .pool_max_idle_per_host(args.clients)
        .build()?;
    let hospital_ids = Arc::new(seeded.hospital_referrals.clone());
    let all_ids = Arc::new(seeded.referrals.clone());
    if hospital_ids.is_empty() {
        return Err(fail(
            "the data set needs at least two referrals per partnership",
        ));
    }
    let mut rows = vec![];

    eprintln!("one referral by id, agency caller");
    let (c, b, t, ids) = (
        client.clone(),
        api.base.clone(),
        tokens.hospital.clone(),
        hospital_ids.clone(),
    );
    let api_run = measure(args, &api, move |k, n| {
        Some(
            c.get(format!("{b}/v1/referrals/{}", pick(&ids, k, n)))
                .bearer_auth(&t),
        )
    })
    .await;
    let (c, b, ids) = (client.clone(), ceiling.base.clone(), hospital_ids.clone());
    let bare = measure(args, &ceiling, move |k, n| {
        Some(c.get(format!("{b}/referrals/{}?agency", pick(&ids, k, n))))
    })
    .await;
    rows.push(Row {
        name: "one referral by id, agency caller (REST)",
        api: api_run,
        ceiling: Some(bare),
    });

    eprintln!("one referral by id, partnership admin");
    let (c, b, t, ids) = (
        client.clone(),
        api.base.clone(),
        tokens.admin.clone(),
        all_ids.clone(),
    );
    let api_run = measure(args, &api, move |k, n| {
        Some(
            c.get(format!("{b}/v1/referrals/{}", pick(&ids, k, n)))
                .bearer_auth(&t),
        )
    })
    .await;
    let (c, b, ids) = (client.clone(), ceiling.base.clone(), all_ids.clone());
    let bare_read = measure(args, &ceiling, move |k, n| {
        Some(c.get(format!("{b}/referrals/{}", pick(&ids, k, n))))
    })
    .await;
    rows.push(Row {
        name: "one referral by id, partnership admin (REST)",
        api: api_run,
        ceiling: Some(bare_read.clone()),
    });

    eprintln!("a page of 50");
    let (c, b, t) = (client.clone(), api.base.clone(), tokens.admin.clone());
    let api_run = measure(args, &api, move |_, _| {
        Some(c.get(format!("{b}/v1/referrals?limit=50")).bearer_auth(&t))
    })
    .await;
    let (c, b) = (client.clone(), ceiling.base.clone());
    let bare_page = measure(args, &ceiling, move |_, _| {
        Some(c.get(format!("{b}/referrals")))
    })
    .await;
    rows.push(Row {
        name: "a page of 50, newest first, admin (REST)",
        api: api_run,
        ceiling: Some(bare_page.clone()),
    });

    eprintln!("GraphQL: one referral by id");
    let (c, b, t, ids) = (
        client.clone(),
        api.base.clone(),
        tokens.admin.clone(),
        all_ids.clone(),
    );
    let by_id = format!("query($id: ID!) {{ referral(id: $id) {{ {GRAPHQL_FIELDS} }} }}");
    let api_run = measure(args, &api, move |k, n| {
        Some(graphql(
            &c,
            &b,
            &t,
            by_id.clone(),
            json!({ "id": pick(&ids, k, n) }),
        ))
    })
    .await;
    rows.push(Row {
        name: "one referral by id, admin (GraphQL)",
        api: api_run,
        ceiling: Some(bare_read),
    });

    eprintln!("GraphQL: a page of 50");
    let (c, b, t) = (client.clone(), api.base.clone(), tokens.admin.clone());
    let page = format!("{{ referrals(limit: 50) {{ items {{ {GRAPHQL_FIELDS} }} nextCursor }} }}");
    let api_run = measure(args, &api, move |_, _| {
        Some(graphql(&c, &b, &t, page.clone(), json!({})))
    })
    .await;
    rows.push(Row {
        name: "a page of 50, admin (GraphQL)",
        api: api_run,
        ceiling: Some(bare_page),
    });

    eprintln!("create a referral");
    let body = serde_json::to_vec(&dataset::referral_body())?;
    let (c, b, t, json_body) = (
        client.clone(),
        api.base.clone(),
        tokens.hospital.clone(),
        body.clone(),
    );
    let api_run = measure(args, &api, move |_, _| {
        Some(
            c.post(format!("{b}/v1/referrals"))
                .bearer_auth(&t)
                .header(CONTENT_TYPE, "application/json")
                .body(json_body.clone()),
        )
    })
    .await;
    let (c, b) = (client.clone(), ceiling.base.clone());
    let bare = measure(args, &ceiling, move |_, _| {
        Some(c.post(format!("{b}/referrals")))
    })
    .await;
    rows.push(Row {
        name: "create a referral (REST)",
        api: api_run,
        ceiling: Some(bare),
    });

    eprintln!("preparing {} information requests", args.returns);
    let requests =
        Arc::new(prepare_requests(&client, &api.base, tokens, args.returns, args.clients).await?);
    eprintln!("a return submitted");
    let taken = Arc::new(AtomicUsize::new(0));
    let body = serde_json::to_vec(&a_return())?;
    let (c, b, t) = (client.clone(), api.base.clone(), tokens.school.clone());
    let api_run = measure(args, &api, move |_, _| {
        let id = requests.get(taken.fetch_add(1, Ordering::Relaxed))?;
        Some(
            c.post(format!("{b}/v1/information-requests/{id}/returns"))
                .bearer_auth(&t)
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone()),
        )
    })
    .await;
    rows.push(Row {
        name: "a return submitted (REST)",
        api: api_run,
        ceiling: None,
    });
    Ok(rows)
}

fn a_return() -> Value {
    json!({
        "summary_of_involvement": "Universal services only; two contacts in the last year.",
        "analysis_of_involvement": "Attendance fell from October; the school did not link it to the new partner's arrival.",
        "records_secured": true,
        "records_secured_on": england_date(Utc::now()).to_string(),
        "records_secured_by": "Designated safeguarding lead",
        "representative": { "name": "A. Lead", "role": "Designated safeguarding lead", "contact": "dsl@agency.example" }
    })
}

/// Referrals triaged into a Rapid Review with their initial scoping requests issued: the school's
/// request of each, ready for one return.
async fn prepare_requests(
    client: &Client,
    base: &str,
    tokens: &Tokens,
    count: usize,
    clients: usize,
) -> Result<Vec<String>, Failure> {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..clients.max(1))
        .map(|_| {
            let (client, base, next) = (client.clone(), base.to_owned(), next.clone());
            let (admin, hospital) = (tokens.admin.clone(), tokens.hospital.clone());
            tokio::spawn(async move {
                let mut made = vec![];
                while next.fetch_add(1, Ordering::Relaxed) < count {
                    let post = |path: String, token: &str, body: Value| {
                        client.post(format!("{base}{path}")).bearer_auth(token).json(&body).send()
                    };
                    let referral: Value = post("/v1/referrals".into(), &hospital, dataset::referral_body())
                        .await?
                        .error_for_status()?
                        .json()
                        .await?;
                    let id = referral["id"].as_str().unwrap_or_default().to_owned();
                    let triage = json!({"criteria_met": true, "reasons": "Unexplained injuries to a non-mobile infant."});
                    post(format!("/v1/referrals/{id}/triage"), &admin, triage).await?.error_for_status()?;
                    let sent: Value = post(format!("/v1/referrals/{id}/information-requests"), &admin, json!({"kind": "initial_scoping"}))
                        .await?
                        .error_for_status()?
                        .json()
                        .await?;
                    let school = sent["items"].as_array().into_iter().flatten().find(|r| r["agency_code"] == "SCHOOL");
                    if let Some(request) = school.and_then(|r| r["id"].as_str()) {
                        made.push(request.to_owned());
                    }
                }
                Ok::<_, reqwest::Error>(made)
            })
        })
        .collect();
    let mut all = vec![];
    for w in workers {
        all.extend(w.await??);
    }
    Ok(all)
}

/// Requests that failed, over every run: a run with errors measured something else, so it fails.
pub fn errors(rows: &[Row]) -> usize {
    rows.iter()
        .map(|r| r.api.outcome.errors + r.ceiling.as_ref().map_or(0, |c| c.outcome.errors))
        .sum()
}

/// The results as a Markdown table, headed by what was measured where.
pub fn table(backend: &str, args: &Args, rows: &[Row]) -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mut out = format!(
        "{backend}: {} partnerships, {} referrals, {} audit events; {} clients, {} s a run; {cores} cores ({cpu}); pool {}\n\n\
         | request | req/s | p50 ms | p99 ms | errors | statements / request | ceiling req/s (statements) | of the ceiling |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        args.partnerships,
        args.referrals,
        args.audit_events,
        args.clients,
        args.seconds,
        args.pool_size
    );
    for r in rows {
        let a = &r.api.outcome;
        let (ceiling, ratio) = match &r.ceiling {
            Some(c) => (
                format!("{:.0} ({:.1})", c.outcome.per_second(), c.statements),
                format!(
                    "{:.0}%",
                    100.0 * a.per_second() / c.outcome.per_second().max(f64::EPSILON)
                ),
            ),
            None => ("—".into(), "—".into()),
        };
        out.push_str(&format!(
            "| {} | {:.0} | {:.1} | {:.1} | {} | {:.1} | {ceiling} | {ratio} |\n",
            r.name,
            a.per_second(),
            a.percentile_ms(0.50),
            a.percentile_ms(0.99),
            a.errors,
            r.api.statements,
        ));
        if let Some(e) = &a.first_error {
            out.push_str(&format!("\nfirst error of \"{}\": {e}\n\n", r.name));
        }
    }
    out
}
