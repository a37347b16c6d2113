use cspr_domain::calendar::WorkingDays;
use cspr_openapi::calendar::{Deadline, DeadlineQuery};

use crate::{context::Ctx, error::ApiError};

/// The deadline calculation, as every clock of the process uses it. Any member of a partnership may ask;
/// it reads no case data.
pub fn deadline(ctx: &Ctx, query: &DeadlineQuery) -> Result<Deadline, ApiError> {
    let n = WorkingDays::parse(query.working_days)?;
    let deadline = ctx.calendar.add_working_days(query.from, n);
    Ok((&deadline).into())
}
