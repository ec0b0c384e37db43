//! A report: what the reporter gives, what staff set, and the reporter's identity kept apart.

use crate::ids::{AgencyId, CategoryId, ReporterId, UnitId};
use crate::status::{ArchiveReasonCode, CompletionKind, EscalationLevel, Status};
use crate::text_enum;
use crate::tracking_id::TrackingId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum!(
    /// The report type chosen by the reporter, corrected by staff.
    Kind {
        /// Pengaduan.
        Complaint => "complaint",
        /// Aspirasi.
        Aspiration => "aspiration",
        /// Permintaan informasi.
        InformationRequest => "information_request",
    }
);

text_enum!(
    /// The complaint sub-class set at verification.
    HandlingClass {
        /// Tidak berkadar pengawasan.
        Ordinary => "ordinary",
        /// Berkadar pengawasan: suspected wrongdoing, handled by the inspectorate.
        Supervisory => "supervisory",
    }
);

/// The channel a report arrived through.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The web portal.
    Web,
    /// Mobile web or a mobile app.
    Mobile,
    /// SMS to the short code.
    Sms,
    /// E-mail.
    Email,
    /// A social network mention.
    Social,
    /// A chat bot.
    Chat,
    /// Typed in by staff for a visitor.
    WalkIn,
    /// Typed in by staff during a phone call.
    Phone,
    /// Typed in by staff from a letter.
    Paper,
    /// A partner system, by its name.
    Api(String),
}

impl Channel {
    /// The stable text form (`api:<partner>` for partners).
    pub fn as_string(&self) -> String {
        match self {
            Channel::Web => "web".into(),
            Channel::Mobile => "mobile".into(),
            Channel::Sms => "sms".into(),
            Channel::Email => "email".into(),
            Channel::Social => "social".into(),
            Channel::Chat => "chat".into(),
            Channel::WalkIn => "walk_in".into(),
            Channel::Phone => "phone".into(),
            Channel::Paper => "paper".into(),
            Channel::Api(p) => format!("api:{p}"),
        }
    }

    /// Parses the text form; a partner name is 1–40 characters of `a-z0-9-_`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "web" => Channel::Web,
            "mobile" => Channel::Mobile,
            "sms" => Channel::Sms,
            "email" => Channel::Email,
            "social" => Channel::Social,
            "chat" => Channel::Chat,
            "walk_in" => Channel::WalkIn,
            "phone" => Channel::Phone,
            "paper" => Channel::Paper,
            other => {
                let partner = other.strip_prefix("api:")?;
                let ok = !partner.is_empty()
                    && partner.len() <= 40
                    && partner.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    });
                if !ok {
                    return None;
                }
                Channel::Api(partner.to_owned())
            }
        })
    }

    /// Channels where staff type a report in for someone else.
    pub fn is_staff_intake(&self) -> bool {
        matches!(self, Channel::WalkIn | Channel::Phone | Channel::Paper)
    }

    /// Channels whose reports may arrive without a title, date or location.
    pub fn is_free_text(&self) -> bool {
        matches!(
            self,
            Channel::Sms | Channel::Email | Channel::Social | Channel::Chat
        )
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl Serialize for Channel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Channel::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{s}`")))
    }
}

/// Where the reported matter happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The place in the reporter's words.
    pub text: String,
    /// Kemendagri code of a province or kabupaten/kota.
    pub region_code: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
}

/// Who the reporter is. Stored apart from the report; reports and events hold only its id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReporterIdentity {
    /// Full name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number in international form.
    pub phone: Option<String>,
    /// Nomor Induk Kependudukan, 16 digits.
    pub nik: Option<String>,
    /// The chat or social handle they reported through, `<network>:<id>` (`telegram:12345`,
    /// `whatsapp:6281234567890`, `x:2244994945`): identity like a phone number.
    pub chat: Option<String>,
}

/// Why a report was archived or deleted: a code from the fixed list and its details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveReason {
    /// The code from the list.
    pub code: ArchiveReasonCode,
    /// The earlier report this one repeats, for `duplicate`.
    pub duplicate_of: Option<TrackingId>,
    /// Free text, required for `other`.
    pub text: Option<String>,
}

/// A report as the reporter (or staff on their behalf) submits it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    /// Report type.
    pub kind: Kind,
    /// Title; free-text channels may lack one.
    pub title: Option<String>,
    /// The chronology.
    pub body: String,
    /// When it happened.
    pub incident_date: Option<NaiveDate>,
    /// Where it happened.
    pub location: Option<Location>,
    /// The agency the reporter asked for.
    pub requested_agency: Option<AgencyId>,
    /// The category the reporter chose.
    pub category: Option<CategoryId>,
    /// Hide the identity from everyone but the reporter.
    pub anonymous: bool,
    /// Keep the report out of public view.
    pub confidential: bool,
    /// The reporter's own choice about confidentiality: `None` when they left it to the
    /// category's default, `Some(false)` when they explicitly made the report public.
    pub confidential_choice: Option<bool>,
    /// Show the reporter's name publicly.
    pub show_name: bool,
    /// Where it came from.
    pub channel: Channel,
}

/// The part of a report that actions change. Persisted wholesale, guarded by a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportState {
    /// Current status.
    pub status: Status,
    /// Set while completed.
    pub completion_kind: Option<CompletionKind>,
    /// How far it has escalated.
    pub escalation_level: EscalationLevel,
    /// Report type (corrected at verification).
    pub kind: Kind,
    /// Title (corrected at verification).
    pub title: Option<String>,
    /// Category (corrected at verification).
    pub category: Option<CategoryId>,
    /// Tags set by staff.
    pub tags: Vec<String>,
    /// Set at verification for complaints.
    pub handling_class: Option<HandlingClass>,
    /// The agency the reporter asked for; cleared when that agency reroutes it.
    pub requested_agency: Option<AgencyId>,
    /// The target agency chosen at dispatch: the holder.
    pub agency: Option<AgencyId>,
    /// The unit inside the agency that holds it.
    pub unit: Option<UnitId>,
    /// Came back for re-dispatch because an agency lacked authority.
    pub rerouted: bool,
    /// Why it is archived or deleted.
    pub archive_reason: Option<ArchiveReason>,
    /// The one appeal of an archive has been used.
    pub appeal_used: bool,
    /// The one reopen of a completion has been used.
    pub reopen_used: bool,
    /// The Ombudsman asked the agency for information not yet answered.
    pub information_requested: bool,
    /// Not public: chosen by the reporter, or set by a sensitive category (at intake, or when
    /// staff put the report in one, unless the reporter explicitly made it public).
    pub confidential: bool,
}

impl ReportState {
    /// The state of a freshly submitted report.
    pub fn submitted(new: &NewReport) -> Self {
        Self {
            status: Status::Submitted,
            completion_kind: None,
            escalation_level: EscalationLevel::None,
            kind: new.kind,
            title: new.title.clone(),
            category: new.category.clone(),
            tags: Vec::new(),
            handling_class: None,
            requested_agency: new.requested_agency.clone(),
            agency: None,
            unit: None,
            rerouted: false,
            archive_reason: None,
            appeal_used: false,
            reopen_used: false,
            information_requested: false,
            confidential: new.confidential,
        }
    }
}

/// Whether a report stays or becomes confidential when staff put it in a category: a
/// sensitive category makes it confidential unless its reporter explicitly chose public
/// (`choice == Some(false)`); nothing here ever makes a report public.
pub fn confidential_in_category(confidential: bool, choice: Option<bool>, sensitive: bool) -> bool {
    confidential || (sensitive && choice != Some(false))
}

/// A stored report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The public handle.
    pub tracking_id: TrackingId,
    /// The opaque id of the reporter's identity.
    pub reporter: ReporterId,
    /// The chronology as first given.
    pub body: String,
    /// When it happened.
    pub incident_date: Option<NaiveDate>,
    /// Where it happened.
    pub location: Option<Location>,
    /// Identity hidden.
    pub anonymous: bool,
    /// Name shown publicly.
    pub show_name: bool,
    /// Where it came from.
    pub channel: Channel,
    /// What actions change (confidentiality among them).
    pub state: ReportState,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic concurrency guard, incremented by each transition.
    pub version: i64,
}

/// Title for reports that arrive without one: the first words of the body, at most 80 characters.
pub fn title_from_body(body: &str) -> String {
    let mut title = String::new();
    for word in body.split_whitespace() {
        if title.chars().count() + word.chars().count() + 1 > 80 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        title = body.chars().take(80).collect();
    }
    title
}

impl Report {
    /// The title to show: the one it has, or (none, or blank) the first words of its body.
    pub fn shown_title(&self) -> String {
        self.state
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| title_from_body(&self.body))
    }

    /// A report as first stored: version 1, state from the submit decision.
    pub fn submitted(
        tracking_id: TrackingId,
        reporter: ReporterId,
        new: NewReport,
        state: ReportState,
        at: DateTime<Utc>,
    ) -> Self {
        let at = crate::time::to_micros(at);
        Self {
            tracking_id,
            reporter,
            body: new.body,
            incident_date: new.incident_date,
            location: new.location,
            anonymous: new.anonymous,
            show_name: new.show_name,
            channel: new.channel,
            state,
            submitted_at: at,
            updated_at: at,
            version: 1,
        }
    }
}
