//! The inputs of each action, made valid by default and spoiled by the variant words.

use super::*;

/// An action's inputs, valid by default, changed by the variant cell's input words.
pub(super) struct Inputs {
    pub(super) body: String,
    pub(super) reason: String,
    pub(super) archive_reason: Option<ArchiveReason>,
    pub(super) target: Option<AgencyTarget>,
    pub(super) handling_class: Option<HandlingClass>,
    pub(super) corrected_kind: Option<Kind>,
    pub(super) unit: Option<UnitTarget>,
    pub(super) suggested_agency: Option<AgencyId>,
    pub(super) rating: Option<Rating>,
    pub(super) channel: Channel,
    pub(super) on_behalf: bool,
}

impl Inputs {
    /// Complete, valid inputs for `action`.
    pub(super) fn valid_for(action: ActionKind) -> Self {
        let (archive_reason, rating) = match action {
            ActionKind::Delete => (Some(reason(ArchiveReasonCode::Spam)), None),
            ActionKind::Confirm => (
                None,
                Some(Rating {
                    stars: 4,
                    resolved: true,
                }),
            ),
            ActionKind::Rate => (
                None,
                Some(Rating {
                    stars: 5,
                    resolved: true,
                }),
            ),
            _ => (Some(reason(ArchiveReasonCode::TooGeneral)), None),
        };
        Self {
            body: "Sudah kami tinjau ke lokasi pada hari Senin.".to_owned(),
            reason: "Lokasi kejadian belum disebutkan.".to_owned(),
            archive_reason,
            target: Some(AgencyTarget {
                agency: AgencyId::new(SURABAYA),
                inspectorate: None,
            }),
            handling_class: Some(HandlingClass::Ordinary),
            corrected_kind: None,
            unit: Some(unit_target(SEKSI_PEMELIHARAAN)),
            suggested_agency: None,
            rating,
            channel: Channel::Web,
            on_behalf: false,
        }
    }

    /// Applies an input word of the variant cell.
    pub(super) fn apply(&mut self, word: &str) -> Result<(), String> {
        match word {
            "blank-body" => self.body = "   ".to_owned(),
            "no-reason" => self.reason = "  ".to_owned(),
            "on-behalf" => self.on_behalf = true,
            "target:none" => self.target = None,
            "target:own" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SURABAYA),
                    inspectorate: None,
                });
            }
            "target:own+inspectorate" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SURABAYA),
                    inspectorate: Some(UnitId::new(INSPEKTORAT)),
                });
            }
            "target:other" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SIDOARJO),
                    inspectorate: None,
                });
            }
            "unit:none" => self.unit = None,
            "rating:none" => self.rating = None,
            _ => {
                let (key, value) = word
                    .split_once(':')
                    .ok_or_else(|| format!("unknown variant word `{word}`"))?;
                match key {
                    "reason" => self.archive_reason = archive_reason(value)?,
                    "rating" => {
                        let stars = value
                            .parse()
                            .map_err(|_| format!("a rating is a number: `{word}`"))?;
                        self.rating = Some(Rating {
                            stars,
                            resolved: true,
                        });
                    }
                    "handling" => {
                        self.handling_class = match value {
                            "none" => None,
                            class => Some(
                                HandlingClass::parse(class)
                                    .ok_or_else(|| format!("unknown handling class `{class}`"))?,
                            ),
                        };
                    }
                    "correct-kind" => {
                        self.corrected_kind = Some(
                            Kind::parse(value).ok_or_else(|| format!("unknown kind `{value}`"))?,
                        );
                    }
                    "unit" => self.unit = Some(unit_target(value)),
                    "suggest" => self.suggested_agency = Some(AgencyId::new(value)),
                    "channel" => {
                        self.channel = Channel::parse(value)
                            .ok_or_else(|| format!("unknown channel `{value}`"))?;
                    }
                    _ => return Err(format!("unknown variant word `{word}`")),
                }
            }
        }
        Ok(())
    }

    /// The action of `kind` with these inputs.
    pub(super) fn action(self, kind: ActionKind) -> Result<Action, String> {
        Ok(match kind {
            ActionKind::Submit => return Err("submit is decided by decide_submit".to_owned()),
            ActionKind::DeadlineMoved => {
                return Err("deadline_moved is recorded by the system".to_owned());
            }
            ActionKind::AddInfo => Action::AddInfo { body: self.body },
            ActionKind::Withdraw => Action::Withdraw,
            ActionKind::VerifyDispatch => Action::VerifyDispatch {
                target: self.target,
                handling_class: self.handling_class,
                kind: self.corrected_kind,
                title: None,
                category: None,
                tags: None,
            },
            ActionKind::Postpone => Action::Postpone {
                reason: self.reason,
            },
            ActionKind::Archive => Action::Archive {
                reason: self.archive_reason,
            },
            ActionKind::Delete => Action::Delete {
                reason: self.archive_reason,
            },
            ActionKind::Appeal => Action::Appeal {
                reason: self.reason,
            },
            ActionKind::DispatchUnit => Action::DispatchUnit { unit: self.unit },
            ActionKind::Reroute => Action::Reroute {
                reason: self.reason,
                suggested_agency: self.suggested_agency,
            },
            ActionKind::FollowUp => Action::FollowUp { body: self.body },
            ActionKind::Reply => Action::Reply { body: self.body },
            ActionKind::Note => Action::Note { body: self.body },
            ActionKind::Complete => Action::Complete { body: self.body },
            ActionKind::Confirm => Action::Confirm {
                rating: self.rating,
            },
            ActionKind::Rate => Action::Rate {
                rating: self.rating.ok_or("rate always carries a rating")?,
            },
            ActionKind::AutoClose => Action::AutoClose,
            ActionKind::Reopen => Action::Reopen {
                reason: self.reason,
            },
            ActionKind::Escalate => Action::Escalate,
            ActionKind::RevealIdentity => Action::RevealIdentity {
                reason: self.reason,
            },
            ActionKind::OmbudsmanAcknowledge => Action::OmbudsmanAcknowledge { body: self.body },
            ActionKind::RequestInformation => Action::RequestInformation { body: self.body },
            ActionKind::RecordFinding => Action::RecordFinding { body: self.body },
            ActionKind::AnswerInformation => Action::AnswerInformation { body: self.body },
        })
    }

    /// A new report with these inputs' body and channel.
    pub(super) fn new_report(&self) -> NewReport {
        NewReport {
            kind: Kind::Complaint,
            title: Some("Jalan berlubang di Jl. Ahmad Yani".to_owned()),
            body: self.body.clone(),
            incident_date: NaiveDate::from_ymd_opt(2025, 3, 3),
            location: Some(Location {
                text: "Jl. Ahmad Yani, depan Terminal Bungurasih".to_owned(),
                region_code: Some("35.78".to_owned()),
                lat: None,
                lon: None,
            }),
            requested_agency: Some(AgencyId::new(SURABAYA)),
            category: None,
            anonymous: false,
            confidential: false,
            confidential_choice: None,
            show_name: false,
            channel: self.channel.clone(),
        }
    }
}

/// `reason:<code>` with optional `+of` (duplicate_of), `+text` or `+blank-text`; `none` for none.
pub(super) fn archive_reason(value: &str) -> Result<Option<ArchiveReason>, String> {
    if value == "none" {
        return Ok(None);
    }
    let (code, detail) = value.split_once('+').unwrap_or((value, ""));
    let code =
        ArchiveReasonCode::parse(code).ok_or_else(|| format!("unknown reason code `{code}`"))?;
    let mut reason = reason(code);
    match detail {
        "" => {}
        "of" => reason.duplicate_of = Some(earlier_report()),
        "text" => reason.text = Some("Laporan sudah ditangani lewat jalur lain".to_owned()),
        "blank-text" => reason.text = Some("  ".to_owned()),
        other => return Err(format!("unknown reason detail `{other}`")),
    }
    Ok(Some(reason))
}

// ------------------------------------------------------------------------------------------------
// Expectations
// ------------------------------------------------------------------------------------------------
