//! The review's stages after commissioning (seed, "Review Process": Stage 1 Establish, Stage 2 Monitor,
//! Stage 3 Finalise). Establishing ends when the review has its terms of reference and its lead reviewer;
//! monitoring (information collection, learning events) ends when the panel has met and no information
//! asked of the agencies is outstanding. The stages after finalise belong to the overview report.

use super::{Review, ReviewStage};
use crate::error::IllegalTransition;

/// What the review has, as the move to the next stage asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub terms_recorded: bool,
    pub lead_reviewer_appointed: bool,
    pub panel_meetings: usize,
    /// Requests to agencies whose returns are not yet accepted.
    pub open_requests: usize,
}

const TO_MONITOR: &str = "move_to_monitor";
const TO_FINALISE: &str = "move_to_finalise";

impl Review {
    /// The move to `to`: establish to monitor, monitor to finalise, each when what it needs is there.
    pub fn advance(&self, to: ReviewStage, p: Progress) -> Result<ReviewStage, IllegalTransition> {
        let not_now = |allowed: &[&'static str], why: String| {
            IllegalTransition::new(self.stage, allowed, why)
        };
        match (self.stage, to) {
            (ReviewStage::Establish, ReviewStage::Monitor) => {
                let mut missing = vec![];
                if !p.terms_recorded {
                    missing.push("its terms of reference");
                }
                if !p.lead_reviewer_appointed {
                    missing.push("its lead reviewer");
                }
                if missing.is_empty() {
                    Ok(to)
                } else {
                    Err(not_now(
                        &[],
                        format!(
                            "The review is established once it has {}.",
                            missing.join(" and ")
                        ),
                    ))
                }
            }
            (ReviewStage::Monitor, ReviewStage::Finalise) => {
                if p.panel_meetings == 0 {
                    Err(not_now(
                        &[],
                        "The panel has not met yet: record a panel meeting first.".into(),
                    ))
                } else if p.open_requests > 0 {
                    Err(not_now(
                        &[],
                        format!(
                            "{} information request(s) to agencies are not yet accepted.",
                            p.open_requests
                        ),
                    ))
                } else {
                    Ok(to)
                }
            }
            (from, _) => {
                let next: &[&'static str] = match from {
                    ReviewStage::Establish => &[TO_MONITOR],
                    ReviewStage::Monitor => &[TO_FINALISE],
                    _ => &[],
                };
                Err(not_now(
                    next,
                    format!(
                        "A review moves from establish to monitor, and from monitor to finalise; it is {from}."
                    ),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, decided_review};

    fn ready() -> Progress {
        Progress {
            terms_recorded: true,
            lead_reviewer_appointed: true,
            panel_meetings: 1,
            open_requests: 0,
        }
    }

    #[test]
    fn establishing_ends_with_the_terms_and_the_lead_reviewer() {
        let r = decided_review(ReviewKind::Cspr, ReviewStage::Establish);
        assert_eq!(
            r.advance(ReviewStage::Monitor, ready()),
            Ok(ReviewStage::Monitor)
        );
        let e = r
            .advance(
                ReviewStage::Monitor,
                Progress {
                    terms_recorded: false,
                    lead_reviewer_appointed: false,
                    ..ready()
                },
            )
            .unwrap_err();
        assert!(
            e.detail
                .contains("terms of reference and its lead reviewer")
        );
        let skip = r.advance(ReviewStage::Finalise, ready()).unwrap_err();
        assert_eq!(skip.allowed_next_steps, [TO_MONITOR]);
    }

    #[test]
    fn monitoring_ends_when_the_panel_has_met_and_no_request_is_outstanding() {
        let r = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        assert_eq!(
            r.advance(ReviewStage::Finalise, ready()),
            Ok(ReviewStage::Finalise)
        );
        for p in [
            Progress {
                panel_meetings: 0,
                ..ready()
            },
            Progress {
                open_requests: 2,
                ..ready()
            },
        ] {
            assert!(r.advance(ReviewStage::Finalise, p).is_err());
        }
        let back = r.advance(ReviewStage::Establish, ready()).unwrap_err();
        assert_eq!(back.allowed_next_steps, [TO_FINALISE]);
        let done = decided_review(ReviewKind::Cspr, ReviewStage::Finalise);
        assert!(done.advance(ReviewStage::Monitor, ready()).is_err());
    }
}
