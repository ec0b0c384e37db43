//! The gateway channels' own records: SMS conversations and delivery reports, e-mail intake
//! claims.

pub mod mail_in;
pub mod sms;
