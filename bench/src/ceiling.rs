//! The ceiling: the same requests served by bare handlers that do only the query, on the same framework,
//! pool and database, with no sign-in, no permission check, no audit event and the least serialization.
//! What the real server reaches of this is what authorization, audit and the full answer cost.

use std::{net::TcpListener, sync::mpsc, thread::JoinHandle};

use actix_web::{App, HttpResponse, HttpServer, dev::ServerHandle, web};
use chrono::Utc;
use cspr_domain::{
    access::ReferralScope,
    ids::ReferralId,
    page::PageSize,
    partnership::Partnership,
    referral::{ReferralDetails, ReferralFilter},
    text::{AgencyCode, Subject},
};
use cspr_persistence::{
    Database, ReadShape,
    referrals::{self, NewReferral},
};
use serde_json::json;

use crate::{Failure, fail};

struct Bare {
    db: Database,
    partnership: Partnership,
    hospital: AgencyCode,
    receiver: Subject,
    details: ReferralDetails,
}

type Answer = Result<HttpResponse, actix_web::Error>;

fn failed(e: impl std::fmt::Debug) -> actix_web::Error {
    actix_web::error::ErrorInternalServerError(format!("{e:?}"))
}

/// `GET /referrals/{id}` (`?agency` reads in the hospital's scope, as the agency caller does).
async fn read(
    bare: web::Data<Bare>,
    id: web::Path<String>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> Answer {
    let id = ReferralId::parse(&id).map_err(failed)?;
    let scope = match query.contains_key("agency") {
        true => ReferralScope::Agency(bare.hospital.clone()),
        false => ReferralScope::Partnership,
    };
    let found = web::block(move || {
        bare.db.read(ReadShape::SingleStatement, |c| {
            referrals::find(c, bare.partnership.id, &scope, id)
        })
    })
    .await
    .map_err(failed)?
    .map_err(failed)?;
    Ok(match found {
        Some(r) => HttpResponse::Ok().json(json!({"id": r.id.to_string()})),
        None => HttpResponse::NotFound().finish(),
    })
}

/// `GET /referrals`: a page of 50, newest first.
async fn page(bare: web::Data<Bare>) -> Answer {
    let size = PageSize::parse(Some(50)).map_err(failed)?;
    let filter = ReferralFilter::new(None, None, None).map_err(failed)?;
    let page = web::block(move || {
        bare.db.read(ReadShape::SingleStatement, |c| {
            referrals::list(
                c,
                bare.partnership.id,
                &ReferralScope::Partnership,
                &filter,
                None,
                size,
            )
        })
    })
    .await
    .map_err(failed)?
    .map_err(failed)?;
    let ids: Vec<String> = page.items.iter().map(|r| r.id.to_string()).collect();
    Ok(HttpResponse::Ok().json(ids))
}

/// `POST /referrals`: the insert alone, in its own transaction.
async fn create(bare: web::Data<Bare>) -> Answer {
    let made = web::block(move || {
        bare.db.transaction(|c| {
            referrals::insert(
                c,
                &bare.partnership,
                NewReferral {
                    id: ReferralId::generate(),
                    referring_agency: &bare.hospital,
                    received_by: &bare.receiver,
                    details: bare.details.clone(),
                    births: vec![],
                    now: Utc::now(),
                },
            )
        })
    })
    .await
    .map_err(failed)?
    .map_err(failed)?;
    Ok(HttpResponse::Created().json(json!({"id": made.id.to_string()})))
}

/// A running ceiling server.
pub struct Ceiling {
    pub port: u16,
    pub handle: ServerHandle,
    thread: JoinHandle<()>,
}

impl Ceiling {
    pub fn start(
        db: Database,
        partnership: Partnership,
        details: ReferralDetails,
    ) -> Result<Self, Failure> {
        let bare = web::Data::new(Bare {
            db,
            partnership,
            hospital: AgencyCode::parse("HOSPITAL").map_err(fail)?,
            receiver: Subject::parse("bench-ceiling").map_err(fail)?,
            details,
        });
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(bare.clone())
                        .route("/referrals/{id}", web::get().to(read))
                        .route("/referrals", web::get().to(page))
                        .route("/referrals", web::post().to(create))
                })
                .listen(listener)
                .map(HttpServer::run);
                match server {
                    Ok(server) => {
                        tx.send(Ok(server.handle())).ok();
                        server.await.ok();
                    }
                    Err(e) => {
                        tx.send(Err(e.to_string())).ok();
                    }
                }
            });
        });
        let handle = rx.recv().map_err(fail)?.map_err(fail)?;
        Ok(Ceiling {
            port,
            handle,
            thread,
        })
    }

    pub async fn stop(self) {
        self.handle.stop(true).await;
        self.thread.join().ok();
    }
}
