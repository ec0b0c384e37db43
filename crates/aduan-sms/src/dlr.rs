//! `GET /channels/sms/kannel/dlr`: the delivery reports Kannel sends for each part of an
//! outgoing SMS, to the dlr-url the transport gave it (`outbox`, `part`, `status=%d`,
//! `answer=%A`), recorded per message.

use crate::inbound::{Params, bare, plain, refuse};
use crate::{GatewayAnswer, SmsGateway};
use aduan_store::{OutboxId, SmsDelivery, SmsDeliveryStatus, StoreError};
use http::StatusCode;
use std::net::IpAddr;

/// Kannel's delivery-report value (`%d`) as a status.
pub fn status_of(dlr: u32) -> Option<SmsDeliveryStatus> {
    Some(match dlr {
        1 => SmsDeliveryStatus::Delivered,
        2 => SmsDeliveryStatus::Failed,
        4 => SmsDeliveryStatus::Buffered,
        8 => SmsDeliveryStatus::Accepted,
        16 => SmsDeliveryStatus::Rejected,
        _ => return None,
    })
}

/// `GET /channels/sms/kannel/dlr`.
pub(crate) async fn kannel_dlr(
    gw: &SmsGateway,
    peer: Option<IpAddr>,
    query: &str,
) -> GatewayAnswer {
    let params = Params::parse(query);
    if let Some(refused) = refuse(gw, peer, &params) {
        return refused;
    }
    let number = |name: &str| params.text(name).and_then(|v| v.parse::<i64>().ok());
    let (Some(outbox), Some(part), Some(status)) = (
        number("outbox"),
        number("part")
            .and_then(|p| i32::try_from(p).ok())
            .filter(|p| *p > 0),
        number("status")
            .and_then(|s| u32::try_from(s).ok())
            .and_then(status_of),
    ) else {
        return bare(StatusCode::BAD_REQUEST);
    };
    let detail: String = params
        .text("answer")
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let report = SmsDelivery {
        outbox: OutboxId(outbox),
        part,
        status,
        detail,
        received_at: gw.app.clock.now(),
    };
    match gw.app.store.record_sms_delivery(&report).await {
        Ok(_) => {
            tracing::info!(outbox, part, status = %status, "SMS delivery report");
            plain(StatusCode::OK, "ok")
        }
        Err(StoreError::NotFound) => {
            tracing::warn!(outbox, "a delivery report for an unknown outbox message");
            bare(StatusCode::NOT_FOUND)
        }
        Err(e) => {
            tracing::error!(outbox, error = %e, "cannot record a delivery report");
            bare(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kannels_report_values_map_to_statuses() {
        assert_eq!(status_of(1), Some(SmsDeliveryStatus::Delivered));
        assert_eq!(status_of(16), Some(SmsDeliveryStatus::Rejected));
        assert_eq!(status_of(3), None);
    }
}
