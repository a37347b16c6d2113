//! Reads the GOV.UK `bank-holidays.json` format: `{ "england-and-wales": { "events": [ { "title",
//! "date", "notes" } ] } }`. Operators can point the server at a newer file in the same format.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("the bank holiday file is not in the GOV.UK format: {0}")]
    Format(String),
    #[error("the bank holiday file has no england-and-wales events")]
    Empty,
}

#[derive(Deserialize)]
struct File {
    #[serde(rename = "england-and-wales")]
    england_and_wales: Division,
}

#[derive(Deserialize)]
struct Division {
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Event {
    title: String,
    date: NaiveDate,
    #[serde(default)]
    notes: String,
}

pub fn england_and_wales(text: &str) -> Result<Vec<(NaiveDate, String)>, CalendarError> {
    let file: File =
        serde_json::from_str(text).map_err(|e| CalendarError::Format(e.to_string()))?;
    if file.england_and_wales.events.is_empty() {
        return Err(CalendarError::Empty);
    }
    Ok(file
        .england_and_wales
        .events
        .into_iter()
        .map(|e| {
            let name = if e.notes.trim().is_empty() {
                e.title
            } else {
                format!("{} ({})", e.title, e.notes.trim().to_lowercase())
            };
            (e.date, name)
        })
        .collect())
}
