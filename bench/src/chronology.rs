//! The chronology's costs, one operation at a time: batches of 1,000 entries sent (validated, written,
//! audited and committed in one transaction each), then the integrated chronology of every entry
//! served as a JSON page, as CSV and as the SVG timeline. Timed by the client, each several times.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate, Utc};
use cspr_domain::{
    review::{Review, ReviewKind},
    text::Subject,
};
use cspr_persistence::{Database, reviews};
use reqwest::{Client, RequestBuilder};
use serde_json::json;

use crate::{Failure, dataset::Seeded, fail, scenarios::Tokens};

/// How the run went: each line of the table.
struct Timed {
    name: String,
    runs: Vec<Duration>,
    statements: f64,
}

impl Timed {
    fn ms(&self, q: f64) -> f64 {
        let mut sorted = self.runs.clone();
        sorted.sort_unstable();
        let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
        sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Sends `request` `times` times, timing each until its body is read; any non-2xx fails the run.
async fn timed(
    db: &Database,
    name: String,
    times: usize,
    request: impl Fn(usize) -> RequestBuilder,
) -> Result<Timed, Failure> {
    let before = db.statements_sent();
    let mut runs = vec![];
    for n in 0..times {
        let started = Instant::now();
        let response = request(n).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        runs.push(started.elapsed());
        if !status.is_success() {
            return Err(fail(format!(
                "{name}: {status} {}",
                String::from_utf8_lossy(&body)
            )));
        }
    }
    Ok(Timed {
        name,
        statements: (db.statements_sent() - before) as f64 / times.max(1) as f64,
        runs,
    })
}

/// Opens a review on the first of the hospital's referrals, fills its chronology with `entries` (in
/// batches of 1,000, from the hospital and the school in turn) and reads it back; returns the table.
pub async fn run(
    base: &str,
    db: &Database,
    seeded: &Seeded,
    tokens: &Tokens,
    entries: usize,
) -> Result<String, Failure> {
    let referral = *seeded
        .hospital_referrals
        .first()
        .ok_or_else(|| fail("no referral to review"))?;
    let review = Review::open(
        seeded.partnership.id,
        referral,
        ReviewKind::Cspr,
        cspr_domain::calendar::england_date(Utc::now()),
        Subject::parse("bench-business-team").map_err(fail)?,
        Utc::now(),
    );
    db.transaction(|c| reviews::insert(c, &review))?;
    let client = Client::new();
    let url = format!("{base}/v1/reviews/{}", review.id);
    let start = NaiveDate::from_ymd_opt(2023, 1, 2).ok_or_else(|| fail("date"))?;
    let batches = entries.div_ceil(1_000);
    let batch = |n: usize| {
        json!({"entries": (0..1_000).map(|i| {
            let k = n * 1_000 + i;
            json!({
                "occurred_on": (start + Days::days((k % 1_000) as i64)).to_string(),
                "subjects": ["Child A"],
                "category": if k.is_multiple_of(5) { "hospital_attendance_or_admission" } else { "engagement_with_professionals" },
                "description": format!("Contact {k}: seen with mother; weight recorded; no concerns raised at the time of the visit."),
                "source_ref": format!("B{n}-{i}"),
                "key_event": k.is_multiple_of(7),
            })
        }).collect::<Vec<_>>()})
    };
    eprintln!("chronology: {batches} batches of 1,000 entries");
    let bodies: Vec<_> = (0..batches).map(batch).collect();
    let (c, u) = (client.clone(), url.clone());
    let sent = timed(db, "a batch of 1,000 entries sent".into(), batches, |n| {
        let token = if n % 2 == 0 {
            &tokens.hospital
        } else {
            &tokens.school
        };
        c.post(format!("{u}/chronology-entries"))
            .bearer_auth(token)
            .json(&bodies[n])
    })
    .await?;
    let total = batches * 1_000;
    eprintln!("chronology: reading {total} entries back");
    // The integrated chronology is the business team's and the review team's, not an agency's.
    let admin = tokens.admin.clone();
    let get = |accept: &'static str, query: &'static str| {
        let (c, u, t) = (client.clone(), url.clone(), admin.clone());
        move |_: usize| {
            c.get(format!("{u}/chronology{query}"))
                .bearer_auth(&t)
                .header("accept", accept)
        }
    };
    let rows = vec![
        sent,
        timed(
            db,
            format!("the integrated chronology of {total}: a JSON page of 100, with its gaps"),
            10,
            get("application/json", "?limit=100"),
        )
        .await?,
        timed(
            db,
            format!("the integrated chronology of {total}: CSV, every entry"),
            5,
            get("text/csv", ""),
        )
        .await?,
        timed(
            db,
            format!("the integrated chronology of {total}: SVG timeline, every entry"),
            5,
            get("image/svg+xml", ""),
        )
        .await?,
    ];
    let mut out = String::from(
        "\n| chronology operation | runs | min ms | median ms | max ms | statements / run |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for r in &rows {
        out.push_str(&format!(
            "| {} | {} | {:.0} | {:.0} | {:.0} | {:.1} |\n",
            r.name,
            r.runs.len(),
            r.ms(0.0),
            r.ms(0.5),
            r.ms(1.0),
            r.statements
        ));
    }
    Ok(out)
}
