use std::fmt;

/// One input field that failed to parse, named by its path in the request (`children[0].pseudonym`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Re-roots the error under a parent path, so nested parsers need not know where they sit.
    pub fn under(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for FieldError {}

/// Why an authenticated caller may not do something. Each has a stable code shared by REST and GraphQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The caller's roles do not include one that grants the action.
    RoleNotPermitted,
    /// The action is taken on behalf of an agency, and the token names none.
    AgencyRequired,
    /// The token names an agency that the partnership has not registered.
    AgencyNotRegistered,
    /// A vote for a statutory role other than the voter's agency's.
    NotYourRole,
    /// A `statutory_partner` token whose agency holds no statutory role.
    NotAStatutoryPartner,
    /// Only a member of a review's team records a declaration for it.
    NotOnTheTeam,
    /// A team member reads a review's case material only after their declarations.
    DeclarationRequired,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::RoleNotPermitted => "role-not-permitted",
            Refusal::AgencyRequired => "agency-required",
            Refusal::AgencyNotRegistered => "agency-not-registered",
            Refusal::NotYourRole => "not-your-role",
            Refusal::NotAStatutoryPartner => "not-a-statutory-partner",
            Refusal::NotOnTheTeam => "not-on-the-team",
            Refusal::DeclarationRequired => "declaration-required",
        }
    }

    pub fn detail(self) -> &'static str {
        match self {
            Refusal::RoleNotPermitted => "None of your roles permits this action.",
            Refusal::AgencyRequired => {
                "This action is taken on behalf of an agency; your token names none."
            }
            Refusal::AgencyNotRegistered => {
                "Your token names an agency that is not registered in your partnership."
            }
            Refusal::NotYourRole => {
                "A statutory partner votes only for its own agency's statutory role."
            }
            Refusal::NotAStatutoryPartner => {
                "A statutory_partner token must name an agency registered under a statutory role (local authority, police or health)."
            }
            Refusal::NotOnTheTeam => {
                "Only a member of the review's team records a declaration for it."
            }
            Refusal::DeclarationRequired => {
                "Record your conflict-of-interest declaration and confidentiality agreement for this review before reading its case material."
            }
        }
    }
}

/// An action the process does not allow now: the state the record is in, and what may happen next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalTransition {
    pub state: String,
    pub allowed_next_steps: Vec<&'static str>,
    pub detail: String,
}

impl IllegalTransition {
    pub fn new(
        state: impl fmt::Display,
        allowed: &[&'static str],
        detail: impl Into<String>,
    ) -> Self {
        Self {
            state: state.to_string(),
            allowed_next_steps: allowed.to_vec(),
            detail: detail.into(),
        }
    }
}

/// The domain layer's error: bad input, a refused action, or a step out of the process's order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("refused: {}", .0.code())]
    Refused(Refusal),
    #[error("not now: {}", .0.detail)]
    Transition(IllegalTransition),
}

impl From<IllegalTransition> for DomainError {
    fn from(t: IllegalTransition) -> Self {
        DomainError::Transition(t)
    }
}

impl From<FieldError> for DomainError {
    fn from(e: FieldError) -> Self {
        DomainError::Invalid(vec![e])
    }
}

impl From<Vec<FieldError>> for DomainError {
    fn from(e: Vec<FieldError>) -> Self {
        DomainError::Invalid(e)
    }
}

impl From<Refusal> for DomainError {
    fn from(r: Refusal) -> Self {
        DomainError::Refused(r)
    }
}

/// Collects field errors while a larger value is parsed, so the caller hears about every bad field at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value if it parsed, records the error otherwise.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn take_all<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.extend(e);
                None
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_error_is_named_by_its_full_path() {
        let e = FieldError::new("pseudonym", "bad")
            .under("[0]")
            .under("children");
        assert_eq!(e.field, "children[0].pseudonym");
    }

    #[test]
    fn an_error_without_a_field_takes_its_parents_name() {
        assert_eq!(FieldError::new("", "bad").under("summary").field, "summary");
    }

    #[test]
    fn errors_collects_every_failure() {
        let mut errors = Errors::new();
        assert_eq!(errors.take::<u8>(Ok(1)), Some(1));
        assert_eq!(errors.take::<u8>(Err(FieldError::new("a", "x"))), None);
        errors.push(FieldError::new("b", "y"));
        assert_eq!(errors.into_vec().len(), 2);
    }
}
