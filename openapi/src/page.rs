use serde::Deserialize;
use utoipa::IntoParams;

/// Paging of every list: newest first, `limit` items (1 to 100, default 25), continued with the
/// `next_cursor` of the previous page.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
}
