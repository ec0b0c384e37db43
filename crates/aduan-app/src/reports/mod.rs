//! The use cases of one report: filing it from any channel, acting on it, reading it as a
//! given caller, listing reports, and its attachments.

pub mod act;
pub mod action_input;
pub mod attachments;
pub mod filing;
pub mod intake;
pub mod list;
pub mod looks;
pub mod read;
pub mod reporter_commands;
pub mod reveal;
pub mod rights;
pub mod rights_mail;
pub mod sensitive;
pub mod submit;
pub mod viewer;
