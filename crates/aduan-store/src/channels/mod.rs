//! The gateway channels' own records: SMS conversations and delivery reports, e-mail intake
//! claims, partner systems and their keys, chat conversations.

pub mod chat;
pub mod mail_in;
pub mod partners;
pub mod sms;
