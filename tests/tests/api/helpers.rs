use std::{path::PathBuf, time::Duration};

use std::sync::Arc;

use cspr_api::{
    Application,
    auth::{claims::Claims, local::LocalKey},
    clock::{Clock, FixedClock, SystemClock},
    config::{Secret, Settings},
};
use cspr_domain::text::{Name, PartnershipSlug};
use cspr_persistence::{Database, partnerships};
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

pub const ALPHA: &str = "alpha";
pub const BETA: &str = "beta";

/// A running server on its own fresh database.
pub struct TestApp {
    pub address: String,
    pub data_dir: PathBuf,
    pub client: reqwest::Client,
    key: LocalKey,
    pub postgres: Option<(String, String)>,
    database_url: cspr_persistence::DatabaseUrl,
    clock: Option<Arc<FixedClock>>,
    server: Option<(actix_web::dev::ServerHandle, std::thread::JoinHandle<()>)>,
    /// The server's own pool, to count the statements its requests send.
    server_db: Database,
}

/// The backend this run tests: PostgreSQL when `CSPR_TEST_POSTGRES_URL` is set, SQLite otherwise.
fn fresh_database() -> (Option<Secret>, Option<(String, String)>) {
    match std::env::var("CSPR_TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("cspr_test_{}", uuid::Uuid::now_v7().simple());
            let mut admin = PgConnection::establish(&format!("{server}/postgres"))
                .expect("PostgreSQL reachable");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .expect("create database");
            (
                Some(Secret::new(format!("{server}/{name}"))),
                Some((server, name)),
            )
        }
        _ => (None, None),
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server whose settings `adjust` may change first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        Self::start(adjust, None).await
    }

    /// Starts a server whose clock stands at `at` (RFC 3339) until `set_time` moves it.
    pub async fn spawn_at(at: &str) -> TestApp {
        Self::spawn_at_with(at, |_| {}).await
    }

    /// Starts a server at `at` whose settings `adjust` may change first.
    pub async fn spawn_at_with(at: &str, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        Self::start(adjust, Some(Arc::new(FixedClock::new(at.parse().unwrap())))).await
    }

    pub fn set_time(&self, at: &str) {
        self.clock
            .as_ref()
            .expect("a fixed clock")
            .set(at.parse().unwrap());
    }

    async fn start(adjust: impl FnOnce(&mut Settings), clock: Option<Arc<FixedClock>>) -> TestApp {
        let data_dir = std::env::temp_dir().join(format!("cspr-test-{}", uuid::Uuid::now_v7()));
        let (database_url, postgres) = fresh_database();
        let mut settings = Settings::local(data_dir.clone());
        settings.database_url = database_url;
        settings.pool_size = 3;
        // The suite's clients all come from 127.0.0.1 at test speed: the rate-limit tests set their own.
        settings.rate_limit_per_address = 100_000;
        settings.rate_limit_per_caller = 100_000;
        settings.failed_sign_ins_per_minute = 100_000;
        // The delivery worker polls the database: tests of the outbox turn it on; the others, which
        // count statements or read the audit trail, run without it.
        settings.delivery_worker = false;
        adjust(&mut settings);
        let url = settings.database().expect("database url");
        let server_clock: Arc<dyn Clock> = match &clock {
            Some(c) => c.clone(),
            None => Arc::new(SystemClock),
        };
        // The server runs on a thread and runtime of its own, so that dropping the TestApp can stop it
        // (and close its pool) before the test's database is dropped and before the process exits.
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match Application::build_with_clock(settings, server_clock) {
                    Ok(app) => {
                        tx.send(Ok((app.port(), app.handle(), app.database()))).ok();
                        app.run_until_stopped().await.ok();
                    }
                    Err(e) => {
                        tx.send(Err(e.to_string())).ok();
                    }
                }
            })
        });
        let (port, handle, server_db) = rx.recv().unwrap().expect("server starts");
        let address = format!("http://127.0.0.1:{port}");
        let db =
            Database::connect(url.clone(), 1, Duration::from_secs(5)).expect("test connection");
        for slug in [ALPHA, BETA] {
            let slug = PartnershipSlug::parse(slug).unwrap();
            let name = Name::parse(&format!("{slug} partnership")).unwrap();
            db.transaction(|c| partnerships::ensure(c, &slug, &name))
                .unwrap();
        }
        let key = LocalKey::load_or_create(&data_dir).unwrap();
        TestApp {
            address,
            data_dir,
            client: reqwest::Client::new(),
            key,
            postgres,
            database_url: url,
            clock,
            server: Some((handle, thread)),
            server_db,
        }
    }

    /// SQL statements the server has sent so far.
    pub fn statements(&self) -> u64 {
        self.server_db.statements_sent()
    }

    /// A connection of the test's own to its database, behind the server's back.
    pub fn database(&self) -> Database {
        Database::connect(self.database_url.clone(), 1, Duration::from_secs(5))
            .expect("test connection")
    }

    /// Runs SQL on the test's database behind the server's back (to break or mend it).
    pub fn execute_sql(&self, sql: &str) {
        let db = self.database();
        db.transaction(|c| {
            diesel::sql_query(sql)
                .execute(c)
                .map_err(cspr_persistence::PersistenceError::from)
        })
        .expect("sql runs");
    }

    /// Makes every `event` ("INSERT", "UPDATE") on `table` fail, as a full disk or a read-only file
    /// would; `mend_writes` undoes it.
    pub fn break_writes(&self, table: &str, event: &str) {
        if self.postgres.is_some() {
            self.execute_sql(
                "CREATE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN \
                 RAISE EXCEPTION 'could not write'; END $$ LANGUAGE plpgsql",
            );
            self.execute_sql(&format!(
                "CREATE TRIGGER writes_fail BEFORE {event} ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION refuse_write()"
            ));
        } else {
            self.execute_sql(&format!(
                "CREATE TRIGGER writes_fail BEFORE {event} ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'could not write'); END"
            ));
        }
    }

    pub fn mend_writes(&self, table: &str) {
        self.execute_sql(&if self.postgres.is_some() {
            format!("DROP TRIGGER writes_fail ON {table}")
        } else {
            "DROP TRIGGER writes_fail".to_owned()
        });
    }

    /// A token the server accepts.
    pub fn token(&self, partnership: &str, roles: &[&str], agency: Option<&str>) -> String {
        let subject = format!("{}-user", roles.first().unwrap_or(&"no-role"));
        self.token_as(&subject, partnership, roles, agency)
    }

    /// Another token with the same claims (a later expiry tells them apart), as replicas of one
    /// agency system would each hold.
    pub fn token_again(
        &self,
        subject: &str,
        roles: &[&str],
        agency: Option<&str>,
        n: u64,
    ) -> String {
        let claims = Claims {
            sub: subject.into(),
            partnership: ALPHA.into(),
            agency: agency.map(Into::into),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        };
        self.key
            .mint(&claims, Duration::from_secs(600 + n))
            .unwrap()
    }

    /// A token for a named person (`sub`), as a reviewer appointed by name signs in.
    pub fn token_as(
        &self,
        subject: &str,
        partnership: &str,
        roles: &[&str],
        agency: Option<&str>,
    ) -> String {
        let claims = Claims {
            sub: subject.into(),
            partnership: partnership.into(),
            agency: agency.map(Into::into),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        };
        self.key.mint(&claims, Duration::from_secs(600)).unwrap()
    }

    pub fn admin(&self, partnership: &str) -> String {
        self.token(partnership, &["partnership_admin"], None)
    }

    pub fn agency(&self, partnership: &str, code: &str) -> String {
        self.token(partnership, &["agency"], Some(code))
    }

    pub fn partner(&self, partnership: &str, code: &str) -> String {
        self.token(partnership, &["statutory_partner"], Some(code))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Moves a referral's meeting as a careful client does: reads it for its `ETag`, then sends the
    /// change with `If-Match`.
    pub async fn move_meeting(&self, referral: &str, token: &str, body: &Value) -> Response {
        let path = format!("/v1/referrals/{referral}/meeting");
        let read = self.get(&path, token).await;
        assert_eq!(read.status(), StatusCode::OK, "there is a meeting to move");
        let tag = read.headers()["etag"].clone();
        self.client
            .put(self.url(&path))
            .bearer_auth(token)
            .header("if-match", tag)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .put(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// POSTs and asserts a success, returning the body.
    pub async fn post_ok(&self, path: &str, token: &str, body: &Value) -> Value {
        let res = self.post(path, token, body).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub async fn put_ok(&self, path: &str, token: &str, body: &Value) -> Value {
        let res = self
            .client
            .put(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "PUT {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub async fn get_ok(&self, path: &str, token: &str) -> Value {
        let res = self.get(path, token).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "GET {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub async fn graphql(&self, token: &str, query: &str) -> Value {
        let res = self
            .post("/graphql", token, &json!({ "query": query }))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Registers the partnership's standard agencies: the three statutory partners and two others.
    pub async fn register_agencies(&self, partnership: &str) {
        let admin = self.admin(partnership);
        for (code, kind, role) in [
            ("LA", "local_authority", "local_authority"),
            ("POLICE", "police", "police"),
            ("ICB", "health", "health"),
            ("SCHOOL", "education", "none"),
            ("HOSPITAL", "health", "none"),
        ] {
            let res = self
                .post("/v1/agencies", &admin, &json!({ "code": code, "name": format!("{code} of {partnership}"), "kind": kind, "statutory_role": role }))
                .await;
            assert_eq!(
                res.status(),
                StatusCode::CREATED,
                "{}",
                res.text().await.unwrap()
            );
        }
    }

    /// Creates a referral as `agency` and returns it.
    pub async fn create_referral(&self, partnership: &str, agency: &str, body: &Value) -> Value {
        let res = self
            .post("/v1/referrals", &self.agency(partnership, agency), body)
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    /// A referral made by `referrer` and triaged into a Rapid Review by the admin; its id.
    pub async fn triaged_referral(
        &self,
        partnership: &str,
        referrer: &str,
        body: &Value,
    ) -> String {
        let referral = self.create_referral(partnership, referrer, body).await;
        let id = referral["id"].as_str().unwrap().to_owned();
        self.post_ok(
            &format!("/v1/referrals/{id}/triage"),
            &self.admin(partnership),
            &json!({"criteria_met": true, "reasons": "Abuse suspected; serious harm."}),
        )
        .await;
        id
    }

    /// Every audit event matching `query`, oldest last, read as the partnership's admin.
    pub async fn audit_events(&self, partnership: &str, query: &str) -> Vec<Value> {
        let res = self
            .get(
                &format!("/v1/audit-events?limit=100&{query}"),
                &self.admin(partnership),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let page: Value = res.json().await.unwrap();
        page["items"].as_array().unwrap().clone()
    }

    /// How many referrals the partnership holds, and how many create events its trail has.
    pub async fn written(&self, partnership: &str) -> (usize, usize) {
        let res = self
            .get("/v1/referrals?limit=100", &self.admin(partnership))
            .await;
        let page: Value = res.json().await.unwrap();
        let referrals = page["items"].as_array().unwrap().len();
        (
            referrals,
            self.audit_events(partnership, "action=create").await.len(),
        )
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((handle, thread)) = self.server.take() {
            // The stop is awaited on a runtime of its own: the test's runtime may be the one dropping us.
            std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map(|rt| rt.block_on(handle.stop(false)))
            })
            .join()
            .ok();
            thread.join().ok();
        }
        std::fs::remove_dir_all(&self.data_dir).ok();
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
        {
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .ok();
        }
    }
}

/// A complete, valid Referral Form; tests change what they need.
pub fn referral_body() -> Value {
    let criterion = |applies: bool| json!({ "applies": applies, "note": null });
    json!({
        "incident_date": "2026-01-05",
        "aware_date": "2026-01-06",
        "harm": "serious_harm",
        "abuse_or_neglect": "suspected",
        "children": [{
            "pseudonym": "Child A",
            "age_years": 2,
            "sex": "female",
            "looked_after": false,
            "child_protection_plan": true,
            "local_authority": "Alphashire County Council"
        }],
        "involved_agencies": ["LA", "POLICE"],
        "criteria": {
            "improvements_needed": { "applies": true, "note": "Information sharing." },
            "recurrent_themes": criterion(false),
            "multi_agency_working": criterion(true),
            "panel_suggested_local_review": criterion(false),
            "single_agency_concern": criterion(false),
            "no_agency_involvement": criterion(false),
            "cross_boundary": criterion(false),
            "institutional_setting": criterion(false)
        },
        "families_moved_across_areas": false,
        "parallel_processes": [{ "kind": "criminal_investigation", "note": null }],
        "summary": "A toddler was admitted with injuries that are not explained."
    })
}

/// Asserts a problem+json answer and returns its body.
pub async fn problem(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    let content_type = res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:cspr:problem:")
    );
    body
}
