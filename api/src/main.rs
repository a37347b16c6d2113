use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    cspr_api::cli::run().await
}
