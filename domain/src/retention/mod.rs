//! Keeping records as long as they are needed and no longer (issue 13). So far: legal holds, which
//! keep a case's records from disposal while an inquest, litigation, an inquiry or a police request
//! needs them. Retention classes, due dates and disposal come next and will consult `blocks_disposal`.

pub mod holds;
