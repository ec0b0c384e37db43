//! Who may call each operation, stated once on the operation's `#[utoipa::path]` as the
//! `x-access` extension of the OpenAPI document: the kinds of caller it admits (`who`), what its
//! subject (the report, group or partner's report in its path) must be to the caller (`scope`),
//! and whether its credential travels in the body (`credential_in_body`). The router's gate
//! ([`crate::gate`]) enforces the first from the same document before a handler reads
//! anything, and the authorization matrix test asks every operation with every kind of caller,
//! in and out of scope, for the answer it implies:
//!
//! - where who may call depends on the subject (anyone may, or its reporter may), the subject
//!   is looked up first: one outside the caller's scope answers `404 not_found`, exactly as a
//!   missing one; then a caller without credentials gets `401 unauthorized` and one of a kind
//!   not admitted `403 forbidden`;
//! - elsewhere the gate refuses first, by the credentials alone (`401`, `403`), and only then
//!   is a subject outside the caller's scope answered `404`;
//! - otherwise the request is past the gate (any other answer).
//!
//! Scope `visible` means the caller may see the subject; `holder` that the caller works for
//! the agency holding a public subject (a group), else `403`; `own` means the report is the
//! caller's own, so that to anyone else the operation answers as if the report were not
//! theirs to ask about (`404`), never saying that it exists. The document thus tells partners
//! and integrators who may call what, and an operation without `x-access` fails that test.

use aduan_app::reports::reveal::Approver;
use serde::{Deserialize, Serialize};

/// A kind of caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// Anyone, with no credentials.
    Anyone,
    /// The reporter of the report in the path, by its access code or the account that filed it.
    Reporter,
    /// A citizen's account.
    Citizen,
    /// Admin Nasional.
    NationalAdmin,
    /// Admin Instansi.
    AgencyAdmin,
    /// Admin Unit.
    UnitOfficer,
    /// An oversight body's reader.
    Supervisor,
    /// A partner system, by its key.
    Partner,
}

/// What an operation's subject must be to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The operation has no subject in its path, or answers about it to anyone.
    None,
    /// The caller may see the subject.
    Visible,
    /// The subject is the caller's own report.
    Own,
    /// The subject is public (a group); only staff of the agency that holds it may change it,
    /// and others are refused `403` (there is nothing to hide about its existence).
    Holder,
}

/// Who may call an operation and what its path's subject must be to the caller.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Access {
    /// The kinds of caller admitted.
    pub who: &'static [Who],
    /// What the subject must be to the caller (else `404`).
    pub scope: Scope,
    /// Whether the credential travels in the body (the LAPOR! XML document's token), so that
    /// only the handler can judge it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub credential_in_body: bool,
    /// Whether the deployment's reveal approver (another national admin by default, the
    /// Ombudsman's supervisors where so configured) is admitted too: the document a deployment
    /// serves names the role in `who` ([`admit_reveal_approver`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reveal_approver: bool,
}

impl Access {
    const fn of(who: &'static [Who], scope: Scope) -> Access {
        Access {
            who,
            scope,
            credential_in_body: false,
            reveal_approver: false,
        }
    }
}

/// Documents the refusals each operation's `x-access` implies where its annotation did not:
/// `401` unless anyone may call it, `403` where an account of another kind (or, for a group,
/// of another agency) is refused, `404` where its subject must be in scope; and, for an
/// operation with a body, `400` for an unreadable one and `422` for an invalid field.
pub fn document_refusals(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    for item in doc.paths.paths.values_mut() {
        for op in super::operations_mut(item) {
            let Some(access) = op.extensions.as_ref().and_then(|e| e.get("x-access")) else {
                continue;
            };
            let who: Vec<Who> = access
                .get("who")
                .and_then(|w| serde_json::from_value(w.clone()).ok())
                .unwrap_or_default();
            let scope = access
                .get("scope")
                .and_then(|s| s.as_str())
                .unwrap_or("none");
            let anyone = who.contains(&Anyone);
            let accounts = who
                .iter()
                .any(|w| !matches!(w, Anyone | Reporter | Partner));
            let mut refusals = Vec::new();
            if !anyone {
                refusals.push(("401", "No credentials, or not ones this operation takes"));
            }
            if (!anyone && accounts) || scope == "holder" {
                refusals.push(("403", "An account this operation does not admit"));
            }
            if scope != "none" {
                refusals.push(("404", "Not found, or not in the caller's scope"));
            }
            if op.request_body.is_some() {
                refusals.push(("400", "The body is not readable (`invalid_request`)"));
                refusals.push(("422", "A field is missing or invalid (`validation_failed`)"));
            }
            for (status, why) in refusals {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        let content = ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build();
                        RefOr::T(
                            ResponseBuilder::new()
                                .description(why)
                                .content("application/json", content)
                                .build(),
                        )
                    });
            }
        }
    }
}

/// Names the deployment's reveal approver in the `who` of every operation that admits it.
pub fn admit_reveal_approver(doc: &mut utoipa::openapi::OpenApi, approver: Approver) {
    // A role's stored name is the `who` of its kind.
    let role = serde_json::Value::String(approver.role().as_str().to_owned());
    for item in doc.paths.paths.values_mut() {
        for op in super::operations_mut(item) {
            let access = op.extensions.as_mut().and_then(|e| e.get_mut("x-access"));
            let Some(access) = access else { continue };
            if access.get("reveal_approver") != Some(&serde_json::Value::Bool(true)) {
                continue;
            }
            if let Some(who) = access.get_mut("who").and_then(|w| w.as_array_mut())
                && !who.contains(&role)
            {
                who.push(role.clone());
            }
        }
    }
}

use Scope::{None as Unscoped, Visible};
use Who::*;

const STAFF_KINDS: &[Who] = &[NationalAdmin, AgencyAdmin, UnitOfficer, Supervisor];
const ACCOUNTS: &[Who] = &[Citizen, NationalAdmin, AgencyAdmin, UnitOfficer, Supervisor];

/// Anyone; nothing in the path to scope.
pub const PUBLIC: Access = Access::of(&[Anyone], Unscoped);
/// Anyone, but the path's report answers only where the caller may see it.
pub const PUBLIC_REPORT: Access = Access::of(&[Anyone], Visible);
/// Any signed-in account, about itself.
pub const ACCOUNT: Access = Access::of(ACCOUNTS, Unscoped);
/// The report's reporter only; to anyone else the report is not theirs to ask about.
pub const REPORTER: Access = Access::of(&[Reporter, Citizen], Scope::Own);
/// The report's reporter or staff who may see the report.
pub const REPORT_PARTIES: Access = Access::of(
    &[
        Reporter,
        Citizen,
        NationalAdmin,
        AgencyAdmin,
        UnitOfficer,
        Supervisor,
    ],
    Visible,
);
/// Any member of staff (what each sees is their scope's).
pub const STAFF: Access = Access::of(STAFF_KINDS, Unscoped);
/// Staff who may see the path's subject.
pub const STAFF_SCOPED: Access = Access::of(STAFF_KINDS, Visible);
/// Staff who act (not the read-only supervisors) on a subject in their scope.
pub const HANDLERS_SCOPED: Access = Access::of(&[NationalAdmin, AgencyAdmin, UnitOfficer], Visible);
/// Admin Nasional only.
pub const NATIONAL: Access = Access::of(&[NationalAdmin], Unscoped);
/// A partner by its key, on its own reports.
pub const PARTNER: Access = Access::of(&[Partner], Visible);
/// Staff who act (not the read-only supervisors).
pub const HANDLERS: Access = Access::of(&[NationalAdmin, AgencyAdmin, UnitOfficer], Unscoped);
/// A partner by its key, about itself or filing anew.
pub const PARTNER_SELF: Access = Access::of(&[Partner], Unscoped);
/// The report's reporter or staff who act on it (not the read-only supervisors).
pub const REPORTER_OR_HANDLERS: Access = Access::of(
    &[Reporter, Citizen, NationalAdmin, AgencyAdmin, UnitOfficer],
    Visible,
);
/// A partner by the token in its LAPOR! XML document.
pub const LAPOR_XML: Access = Access {
    who: &[Partner],
    scope: Unscoped,
    credential_in_body: true,
    reveal_approver: false,
};
/// Staff of the agency that holds the group, or a national admin.
pub const GROUP_HOLDERS: Access =
    Access::of(&[NationalAdmin, AgencyAdmin, UnitOfficer], Scope::Holder);
/// National admins and the deployment's reveal approver: reading reveal requests.
pub const REVEAL_READERS: Access = Access {
    who: &[NationalAdmin],
    scope: Unscoped,
    credential_in_body: false,
    reveal_approver: true,
};
/// The deployment's reveal approver alone: deciding a reveal request.
pub const REVEAL_APPROVER: Access = Access {
    who: &[],
    scope: Unscoped,
    credential_in_body: false,
    reveal_approver: true,
};
