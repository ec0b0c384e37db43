//! Comparing a decision with a row's expectation and effects.

use super::*;

/// What the `expect` cell asks for.
pub(super) enum Expect {
    Error(&'static str),
    Unchanged,
    Level(EscalationLevel),
    Status {
        status: Status,
        completion: Option<CompletionKind>,
        archive: Option<ArchiveReasonCode>,
    },
}

pub(super) fn parse_expect(cell: &'static str) -> Result<Expect, String> {
    if let Some(code) = ERROR_CODES.iter().find(|c| **c == cell) {
        return Ok(Expect::Error(code));
    }
    if cell == "unchanged" {
        return Ok(Expect::Unchanged);
    }
    if let Some(level) = cell.strip_prefix("level:") {
        return EscalationLevel::parse(level)
            .map(Expect::Level)
            .ok_or_else(|| format!("unknown escalation level `{level}`"));
    }
    let (status, detail) = cell.split_once('/').unwrap_or((cell, ""));
    let status = Status::parse(status).ok_or_else(|| format!("unknown expectation `{cell}`"))?;
    let (mut completion, mut archive) = (None, None);
    if !detail.is_empty() {
        match status {
            Status::Completed => {
                completion = Some(
                    CompletionKind::parse(detail)
                        .ok_or_else(|| format!("unknown completion kind `{detail}`"))?,
                );
            }
            Status::Archived => {
                archive = Some(
                    ArchiveReasonCode::parse(detail)
                        .ok_or_else(|| format!("unknown archive reason `{detail}`"))?,
                );
            }
            _ => {
                return Err(format!(
                    "`{cell}`: only completed and archived take a detail"
                ));
            }
        }
    }
    Ok(Expect::Status {
        status,
        completion,
        archive,
    })
}

/// A decision's outcome, in the table's words.
pub(super) fn outcome(got: &Result<Decision, TransitionError>) -> String {
    match got {
        Err(e) => format!("{} ({e})", e.code()),
        Ok(d) => {
            let mut s = d.state.status.as_str().to_owned();
            if let Some(kind) = d.state.completion_kind {
                s = format!("{s}/{kind}");
            }
            if let Some(reason) = &d.state.archive_reason {
                s = format!("{s} reason={}", reason.code);
            }
            format!("{s} level={}", d.state.escalation_level)
        }
    }
}

/// Checks an outcome against the `expect` cell; `before` is the state the action started from.
pub(super) fn check_outcome(
    expect: &Expect,
    before: Option<&ReportState>,
    kind: ActionKind,
    got: &Result<Decision, TransitionError>,
    problems: &mut Vec<String>,
) {
    let decision = match (expect, got) {
        (Expect::Error(code), Err(e)) if e.code() == *code => return,
        (_, Err(_)) | (Expect::Error(_), Ok(_)) => {
            problems.push(format!("got {}", outcome(got)));
            return;
        }
        (_, Ok(decision)) => decision,
    };
    let after = &decision.state;
    let event = &decision.event;
    if event.action != kind {
        problems.push(format!("event action is {}, not {kind}", event.action));
    }
    let from = before.map(|b| b.status);
    if event.from != from {
        problems.push(format!(
            "event from is {:?}, but the status before was {from:?}",
            event.from
        ));
    }
    if event.to != after.status {
        problems.push(format!(
            "event to is {}, but the status after is {}",
            event.to, after.status
        ));
    }
    let kept = |problems: &mut Vec<String>| {
        if let Some(before) = before
            && (after.status != before.status || after.completion_kind != before.completion_kind)
        {
            problems.push(format!("got {}, status should be unchanged", outcome(got)));
        }
    };
    match expect {
        Expect::Error(_) => {}
        Expect::Unchanged => {
            kept(problems);
            if let Some(before) = before
                && after.escalation_level != before.escalation_level
            {
                problems.push(format!("level moved to {}", after.escalation_level));
            }
        }
        Expect::Level(level) => {
            kept(problems);
            if after.escalation_level != *level {
                problems.push(format!("got level {}, not {level}", after.escalation_level));
            }
        }
        Expect::Status {
            status,
            completion,
            archive,
        } => {
            let completion_ok = if *status == Status::Completed {
                completion.is_none() || after.completion_kind == *completion
            } else {
                after.completion_kind.is_none()
            };
            let archive_ok =
                archive.is_none() || after.archive_reason.as_ref().map(|r| r.code) == *archive;
            if after.status != *status || !completion_ok || !archive_ok {
                problems.push(format!("got {}", outcome(got)));
            }
        }
    }
}

/// `none` is no value.
pub(super) fn optional(value: &str) -> Option<&str> {
    (value != "none").then_some(value)
}

/// Checks one word of the `effects` cell against an allowed decision.
pub(super) fn check_effect(effect: &str, decision: &Decision) -> Result<(), String> {
    let state = &decision.state;
    let (ok, got) = match effect.split_once('=') {
        Some((key, want)) => {
            let got: Option<String> = match key {
                "agency" => state.agency.as_ref().map(|a| a.as_str().to_owned()),
                "unit" => state.unit.as_ref().map(|u| u.as_str().to_owned()),
                "requested" => state
                    .requested_agency
                    .as_ref()
                    .map(|a| a.as_str().to_owned()),
                "archive_reason" => state.archive_reason.as_ref().map(|r| r.code.to_string()),
                "completion" => state.completion_kind.map(|k| k.to_string()),
                "level" => Some(state.escalation_level.to_string()),
                "handling" => state.handling_class.map(|h| h.to_string()),
                "kind" => Some(state.kind.to_string()),
                "information_requested" => Some(state.information_requested.to_string()),
                _ => return Err(format!("unknown effect `{effect}`")),
            };
            (
                got.as_deref() == optional(want),
                got.unwrap_or_else(|| "none".to_owned()),
            )
        }
        None => {
            let got = match effect {
                "rerouted" => state.rerouted,
                "appeal_used" => state.appeal_used,
                "reopen_used" => state.reopen_used,
                "internal" => decision.event.internal,
                "public-event" => !decision.event.internal,
                _ => return Err(format!("unknown effect `{effect}`")),
            };
            (got, got.to_string())
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("effect {effect} not met (got {got})"))
    }
}

pub(super) fn check_effects(
    row: &Row,
    got: &Result<Decision, TransitionError>,
    problems: &mut Vec<String>,
) {
    let Ok(decision) = got else {
        return;
    };
    for effect in &row.effects {
        if let Err(problem) = check_effect(effect, decision) {
            problems.push(problem);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Running rows
// ------------------------------------------------------------------------------------------------

/// Runs a row through `decide`; `Err` lists what disagrees with the table.
pub(super) fn check_row(row: &Row) -> Result<(), String> {
    let mut problems = Vec::new();
    let setup = (|| -> Result<_, String> {
        let kind = ActionKind::parse(row.action)
            .ok_or_else(|| format!("unknown action `{}`", row.action))?;
        let mut facts = base_facts(row.status, kind)?;
        let actor = actor(row.actor)?;
        let mut inputs = Inputs::valid_for(kind);
        for word in &row.variant {
            if !apply_fact(&mut facts, word)? {
                inputs.apply(word)?;
            }
        }
        let action = inputs.action(kind)?;
        let expect = parse_expect(row.expect)?;
        Ok((kind, facts, actor, action, expect))
    })();
    let (kind, facts, actor, action, expect) =
        setup.map_err(|e| format!("{}\n    malformed row: {e}", row.describe()))?;
    let got = decide(&facts, &actor, &action);
    check_outcome(&expect, Some(&facts.state), kind, &got, &mut problems);
    check_effects(row, &got, &mut problems);
    finish(row, problems)
}

/// Runs a submit row through `decide_submit`.
pub(super) fn check_submit_row(row: &Row) -> Result<(), String> {
    let mut problems = Vec::new();
    let setup = (|| -> Result<_, String> {
        if row.status != "-" {
            return Err("a submit row has no status before: write `-`".to_owned());
        }
        let actor = actor(row.actor)?;
        let mut inputs = Inputs::valid_for(ActionKind::Submit);
        for word in &row.variant {
            inputs.apply(word)?;
        }
        Ok((actor, inputs, parse_expect(row.expect)?))
    })();
    let (actor, inputs, expect) =
        setup.map_err(|e| format!("{}\n    malformed row: {e}", row.describe()))?;
    let got = decide_submit(&actor, &inputs.new_report(), inputs.on_behalf);
    check_outcome(&expect, None, ActionKind::Submit, &got, &mut problems);
    check_effects(row, &got, &mut problems);
    finish(row, problems)
}

pub(super) fn finish(row: &Row, problems: Vec<String>) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    {}",
            row.describe(),
            problems.join("\n    ")
        ))
    }
}

pub(super) fn assert_no_mismatch(what: &str, checked: usize, mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{} of {checked} rows disagree with {what}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------
