//! Rectification (UK GDPR article 16): a factual error in what a referral records about the case or a
//! child is corrected by the business team, and the original is kept beside the correction with who
//! made it, when and why. Only facts whose correction changes no deadline already running may be
//! rectified this way: the summary, and a child's sex, looked-after and protection-plan status and
//! local authority. (Dates that start clocks are not rectified: a wrong date is a new referral's matter
//! for the Panel.)

use chrono::{DateTime, Utc};

use crate::{
    FieldError,
    ids::{RectificationId, ReferralId},
    referral::{ReferralDetails, Sex},
    text::{Name, Narrative, Pseudonym, Subject, Summary},
    text_enum::text_enum,
};

text_enum!(
    /// What a rectification corrects.
    RectifiedField, "field" {
        Summary => "summary",
        ChildSex => "child_sex",
        ChildLookedAfter => "child_looked_after",
        ChildProtectionPlan => "child_protection_plan",
        ChildLocalAuthority => "child_local_authority",
    }
);

impl RectifiedField {
    /// Whether the field is a child's, so the correction names the child by pseudonym.
    pub fn of_a_child(self) -> bool {
        self != RectifiedField::Summary
    }
}

/// A correction as kept: the value before and after, by whom, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectification {
    pub id: RectificationId,
    pub referral: ReferralId,
    pub field: RectifiedField,
    /// The child whose field it is.
    pub pseudonym: Option<Pseudonym>,
    pub original: String,
    pub corrected: String,
    pub reasons: Narrative,
    pub made_by: Subject,
    pub made_at: DateTime<Utc>,
}

fn yes_no(value: &str) -> Result<bool, FieldError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(FieldError::new("value", "must be true or false")),
    }
}

/// Corrects `field` (of the child `pseudonym`, for a child's field) in `details` to `value`; returns
/// the original and the corrected value as text. Refuses a value that does not parse for the field, a
/// child's field without a child of the referral, and a value that is already the record's.
pub fn rectify(
    details: &mut ReferralDetails,
    field: RectifiedField,
    pseudonym: Option<&Pseudonym>,
    value: &str,
) -> Result<(String, String), FieldError> {
    let (original, corrected) = if field.of_a_child() {
        let p = pseudonym
            .ok_or_else(|| FieldError::new("pseudonym", "is required for a child's field"))?;
        let child = details
            .children
            .iter_mut()
            .find(|c| c.pseudonym == *p)
            .ok_or_else(|| FieldError::new("pseudonym", "names no child of this referral"))?;
        match field {
            RectifiedField::ChildSex => {
                let sex: Sex = value.parse().map_err(|_| {
                    FieldError::new(
                        "value",
                        "must be a sex: female, male, indeterminate or not_known",
                    )
                })?;
                let was = std::mem::replace(&mut child.sex, sex);
                (was.to_string(), child.sex.to_string())
            }
            RectifiedField::ChildLookedAfter => {
                let was = std::mem::replace(&mut child.looked_after, yes_no(value)?);
                (was.to_string(), child.looked_after.to_string())
            }
            RectifiedField::ChildProtectionPlan => {
                let was = std::mem::replace(&mut child.child_protection_plan, yes_no(value)?);
                (was.to_string(), child.child_protection_plan.to_string())
            }
            _ => {
                let la = Name::parse(value).map_err(|e| FieldError::new("value", e.reason))?;
                let was = std::mem::replace(&mut child.local_authority, la);
                (was.to_string(), child.local_authority.to_string())
            }
        }
    } else {
        if pseudonym.is_some() {
            return Err(FieldError::new("pseudonym", "is only for a child's field"));
        }
        let summary = Summary::parse(value).map_err(|e| FieldError::new("value", e.reason))?;
        let was = std::mem::replace(&mut details.summary, summary);
        (was.as_str().to_owned(), details.summary.as_str().to_owned())
    };
    if original == corrected {
        return Err(FieldError::new("value", "is already what the record holds"));
    }
    Ok((original, corrected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::tests::valid_details;

    fn p(s: &str) -> Pseudonym {
        Pseudonym::parse(s).unwrap()
    }

    #[test]
    fn a_childs_fact_is_corrected_and_the_original_returned() {
        let mut d = valid_details();
        let child = d.children[0].pseudonym.clone();
        let was = d.children[0].sex.to_string();
        let to = if was == "male" { "female" } else { "male" };
        assert_eq!(
            rectify(&mut d, RectifiedField::ChildSex, Some(&child), to),
            Ok((was, to.to_owned()))
        );
        assert_eq!(d.children[0].sex.to_string(), to);
        let plan = d.children[0].child_protection_plan;
        assert_eq!(
            rectify(
                &mut d,
                RectifiedField::ChildProtectionPlan,
                Some(&child),
                &(!plan).to_string()
            ),
            Ok((plan.to_string(), (!plan).to_string()))
        );
    }

    #[test]
    fn the_summary_is_corrected_without_a_pseudonym() {
        let mut d = valid_details();
        let (was, now) = rectify(&mut d, RectifiedField::Summary, None, "Corrected.").unwrap();
        assert_ne!(was, now);
        assert_eq!(d.summary.as_str(), "Corrected.");
        let e = rectify(&mut d, RectifiedField::Summary, Some(&p("Child A")), "x").unwrap_err();
        assert_eq!(e.field, "pseudonym");
    }

    #[test]
    fn a_bad_value_a_stranger_or_no_change_is_refused_naming_the_field() {
        let mut d = valid_details();
        let child = d.children[0].pseudonym.clone();
        let field = |r: Result<(String, String), FieldError>| r.unwrap_err().field;
        assert_eq!(
            field(rectify(
                &mut d,
                RectifiedField::ChildSex,
                Some(&child),
                "robot"
            )),
            "value"
        );
        assert_eq!(
            field(rectify(
                &mut d,
                RectifiedField::ChildLookedAfter,
                Some(&child),
                "yes"
            )),
            "value"
        );
        assert_eq!(
            field(rectify(
                &mut d,
                RectifiedField::ChildSex,
                Some(&p("Child ZZ9")),
                "male"
            )),
            "pseudonym"
        );
        assert_eq!(
            field(rectify(&mut d, RectifiedField::ChildSex, None, "male")),
            "pseudonym"
        );
        let same = d.children[0].local_authority.to_string();
        assert_eq!(
            field(rectify(
                &mut d,
                RectifiedField::ChildLocalAuthority,
                Some(&child),
                &same
            )),
            "value"
        );
    }
}
