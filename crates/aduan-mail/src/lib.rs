//! Aduan's e-mail channel. [`out`]: every notice that goes by e-mail, worded from the
//! catalogue in the recipient's language (text and HTML), sent through SMTP by the delivery
//! worker with its outbox dedup key as Message-ID. [`token`]: the signed reply address that
//! brings a reporter's answer back to their report. `inbound`: mail piped in by the MTA
//! (`aduan ingest-email`), filed as a report or as a reply.

pub mod inbound;
pub mod out;
pub mod token;
