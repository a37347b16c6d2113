//! `cspr identifying-details`: a new key line for the key file, and the rotation that reseals every
//! record — identifying details, children's dates of birth — under the file's first key, so the keys
//! below it can then be removed.

use cspr_domain::review::identifying::IdentifyingDetails;
use cspr_persistence::{
    PersistenceError,
    outbox::{destinations, subscriptions},
    reviews::identifying as kept,
};

use super::CliResult;
use crate::{
    app::{births, identifying::bound_to},
    config::Settings,
    sealing::{Keyring, new_key_line},
    startup::open_database,
};

/// Records resealed in one transaction.
const BATCH: i64 = 100;

pub fn new_key() -> CliResult {
    print!("{}", new_key_line()?);
    Ok(())
}

/// Reseals, batch by batch, every record not under the current key; safe to run again after a stop.
pub fn rotate(settings: &Settings) -> CliResult {
    let keyring = Keyring::load(
        settings.identifying_details_key_file.as_deref(),
        &settings.data_dir,
    )?;
    let db = open_database(settings)?;
    let mut total = 0;
    loop {
        let done = db.transaction(|conn| {
            let batch = kept::sealed_under_other_keys(conn, keyring.current(), BATCH)?;
            for (partnership, review, who, sealed) in &batch {
                let bound = bound_to(*partnership, *review, who);
                // Opened and checked whole before it is sealed again: a record that does not open is
                // left as it is and reported, never overwritten.
                let resealed = keyring
                    .open(sealed, &bound)
                    .ok()
                    .filter(|b| IdentifyingDetails::from_plaintext(b).is_ok())
                    .and_then(|b| keyring.seal(&b, &bound).ok())
                    .ok_or_else(|| {
                        PersistenceError::Corrupt(format!(
                            "identifying details of {review}/{} do not open under key {}",
                            who.as_str(),
                            sealed.key_id
                        ))
                    })?;
                kept::reseal(conn, *review, who, &resealed)?;
            }
            Ok::<_, PersistenceError>(batch.len())
        })?;
        total += done;
        if done == 0 {
            break;
        }
    }
    let births = births::reseal_all(&db, &keyring)?;
    let secrets = db.transaction(|c| {
        Ok::<_, PersistenceError>(
            destinations::reseal_secrets(c, &keyring)?
                + subscriptions::reseal_secrets(c, &keyring)?,
        )
    })?;
    println!(
        "{total} identifying details, {births} dates of birth and {secrets} delivery secrets resealed under key {}",
        keyring.current()
    );
    Ok(())
}
