//! The previous and next report in the staff member's work queue (the queue's own order:
//! deadline due soonest first, the same filter), for the `j`/`k` shortcuts and their links.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::list::{ListQuery, list_ids};

/// The queue's page size, so that the neighbours are the ones the queue shows.
const QUEUE_PAGE: u32 = 50;

/// Links to the neighbours of one report in the queue.
#[derive(Default)]
pub struct Neighbours {
    /// The report before it.
    pub prev: Option<String>,
    /// The report after it (the most urgent one when it has left the queue).
    pub next: Option<String>,
}

fn href(id: &str, status: Option<&str>) -> String {
    match status {
        Some(s) => {
            let q = serde_urlencoded::to_string([("status", s)]).unwrap_or_default();
            format!("/kantor/laporan/{id}?{q}")
        }
        None => format!("/kantor/laporan/{id}"),
    }
}

/// The neighbours of `id` in `s`'s queue filtered by `status`; none when the queue cannot be
/// read with that filter.
pub async fn neighbours(
    state: &AppState,
    s: &StaffCtx,
    id: &str,
    status: Option<&str>,
) -> Neighbours {
    let query = ListQuery {
        status: status.map(str::to_owned),
        limit: Some(QUEUE_PAGE),
        order: Some("deadline".into()),
        ..ListQuery::default()
    };
    let Ok(ids) = list_ids(state, &s.caller(), &query).await else {
        return Neighbours::default();
    };
    match ids.iter().position(|x| *x == id) {
        Some(i) => Neighbours {
            prev: i.checked_sub(1).map(|p| href(&ids[p], status)),
            next: ids.get(i + 1).map(|n| href(n, status)),
        },
        None => Neighbours {
            prev: None,
            next: ids.first().map(|n| href(n, status)),
        },
    }
}
