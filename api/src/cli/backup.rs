//! `cspr backup` and `cspr restore` for the SQLite default.

use std::path::{Path, PathBuf};

use cspr_persistence::{Database, DatabaseUrl};

use super::{CliResult, answers, invalid, local_url};
use crate::{config::Settings, startup::connect_database};

fn sqlite_file(settings: &Settings) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match settings.database()? {
        DatabaseUrl::Sqlite(path) => Ok(path),
        DatabaseUrl::Postgres(_) => Err(invalid(
            "this deployment runs on PostgreSQL: back it up with pg_dump or continuous archiving \
             (README, \"Backups\")"
                .into(),
        )),
    }
}

pub(super) fn backup(settings: &Settings, to: &Path) -> CliResult {
    let from = sqlite_file(settings)?;
    if !from.exists() {
        return Err(invalid(format!(
            "there is no database at {}",
            from.display()
        )));
    }
    connect_database(settings)?.backup_to(to)?;
    println!("backed up {} to {}", from.display(), to.display());
    Ok(())
}

/// `path` with `suffix` after its whole name (`cspr.db` → `cspr.db.restoring`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(super) async fn restore(settings: &Settings, from: &Path) -> CliResult {
    let live = sqlite_file(settings)?;
    if !from.is_file() {
        return Err(invalid(format!("there is no backup at {}", from.display())));
    }
    // Replacing the file under a running server would corrupt what it writes next.
    let base = local_url(&settings.addr);
    if answers(&base, "/health/live").await.is_ok() {
        return Err(invalid(format!(
            "a server answers at {base}: stop it before restoring"
        )));
    }
    // The backup is checked as a copy beside the live file, so a bad one changes nothing.
    let restoring = beside(&live, ".restoring");
    std::fs::remove_file(&restoring).ok();
    std::fs::copy(from, &restoring)?;
    let checked = Database::connect(
        DatabaseUrl::Sqlite(restoring.clone()),
        1,
        std::time::Duration::from_secs(5),
    )
    .and_then(|db| db.check_restorable());
    if let Err(e) = checked {
        for leftover in [
            restoring.clone(),
            beside(&restoring, "-wal"),
            beside(&restoring, "-shm"),
        ] {
            std::fs::remove_file(leftover).ok();
        }
        return Err(e.into());
    }
    // The database replaced is kept, with its write-ahead log, until the operator removes it.
    let kept = beside(
        &live,
        &format!(
            ".before-restore-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
        ),
    );
    if live.exists() {
        for (file, to) in [
            (beside(&live, "-wal"), beside(&kept, "-wal")),
            (beside(&live, "-shm"), beside(&kept, "-shm")),
            (live.clone(), kept.clone()),
        ] {
            if file.exists() {
                std::fs::rename(&file, &to)?;
            }
        }
    }
    std::fs::rename(&restoring, &live)?;
    println!("restored {} to {}", from.display(), live.display());
    if kept.exists() {
        println!("the database it replaced is kept as {}", kept.display());
    }
    Ok(())
}
