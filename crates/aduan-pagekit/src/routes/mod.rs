//! The pages' route table: every page route is added through [`Pages`] with who may open it or
//! send its form, and the router is built from that same table, so no route can be added
//! without saying who may use it. The table's gate ([`Pages::into_router`]) enforces the
//! kind of account before a handler reads anything: a visitor who is not signed in is sent to
//! the login page (and back), a signed-in account of a kind not admitted gets the forbidden
//! page. What depends on the page's subject (a report seen only where the visitor may see it,
//! a group or partner only its holder changes) stays with the handler and its use case, and
//! the authorization matrix test asks every route of the table with every kind of visitor,
//! in and out of scope.

use aduan_app::AppState;
use aduan_app::reports::reveal::Approver;
use aduan_domain::Role;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use std::sync::Arc;

mod gate;

pub use gate::SignedIn;

/// Who may use a page route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not (what they see is theirs to see).
    Anyone,
    /// Any signed-in account.
    Account,
    /// Accounts of these roles.
    Roles(&'static [Role]),
    /// National admins and the deployment's reveal approver (`reveal_approver`: another
    /// national admin, or the Ombudsman's supervisors).
    RevealReaders,
    /// The deployment's reveal approver.
    RevealApprover,
}

impl Who {
    /// Whether an account of `role` is admitted, in a deployment whose reveals `approver`
    /// approves.
    pub fn admits(self, role: Role, approver: Approver) -> bool {
        let approves = role == approver.role();
        match self {
            Who::Anyone | Who::Account => true,
            Who::Roles(roles) => roles.contains(&role),
            Who::RevealReaders => role == Role::NationalAdmin || approves,
            Who::RevealApprover => approves,
        }
    }
}

/// What a page route's subject (in its path) must be to the visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// No subject, or one shown to anyone.
    None,
    /// The report `{id}` is one the visitor may see (else the not-found page).
    Visible,
    /// The report `{id}` is the visitor's own (by the access code this browser opened it with,
    /// or the account that filed it); to anyone else the not-found page.
    Own,
    /// The report `{id}` is public (votes and comments): the not-found page for one the
    /// visitor may not see, the forbidden page for one they may see that is not public.
    Public,
    /// Another subject `{id}` (a staff account) that the handler looks up as the visitor may
    /// see it: the not-found page outside their scope.
    Hidden,
    /// Only its holder (the agency of a group) changes the public subject `{id}`; others get
    /// the forbidden page.
    Holder,
}

/// Who may use a page route and what its subject must be to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The kinds of visitor admitted.
    pub who: Who,
    /// What the subject must be to the visitor.
    pub scope: Scope,
}

impl Access {
    /// `who`, on `scope`.
    pub const fn new(who: Who, scope: Scope) -> Access {
        Access { who, scope }
    }
}

/// Anyone, nothing in the path to scope.
pub const PUBLIC: Access = Access::new(Who::Anyone, Scope::None);
/// Anyone, about a report they may see.
pub const PUBLIC_REPORT: Access = Access::new(Who::Anyone, Scope::Visible);
/// The report's reporter only.
pub const REPORTER: Access = Access::new(Who::Anyone, Scope::Own);
/// Any signed-in account, about itself.
pub const ACCOUNT: Access = Access::new(Who::Account, Scope::None);
/// A citizen's account.
pub const CITIZEN: Access = Access::new(Who::Roles(&[Role::Citizen]), Scope::None);

/// Every staff role.
pub const STAFF_ROLES: &[Role] = &[
    Role::NationalAdmin,
    Role::AgencyAdmin,
    Role::UnitOfficer,
    Role::Supervisor,
];
/// The staff who act on reports (not the read-only supervisors).
pub const HANDLER_ROLES: &[Role] = &[Role::NationalAdmin, Role::AgencyAdmin, Role::UnitOfficer];
/// Any member of staff.
pub const STAFF: Access = Access::new(Who::Roles(STAFF_ROLES), Scope::None);
/// Any member of staff, about a report they may see.
pub const STAFF_REPORT: Access = Access::new(Who::Roles(STAFF_ROLES), Scope::Visible);
/// Staff who act, about a report they may see.
pub const HANDLERS_REPORT: Access = Access::new(Who::Roles(HANDLER_ROLES), Scope::Visible);
/// Staff who act.
pub const HANDLERS: Access = Access::new(Who::Roles(HANDLER_ROLES), Scope::None);
/// Agency and national admins.
pub const ADMINS: Access = Access::new(
    Who::Roles(&[Role::NationalAdmin, Role::AgencyAdmin]),
    Scope::None,
);
/// Staff of the holder of the page's group, or a national admin.
pub const GROUP_HOLDERS: Access = Access::new(Who::Roles(HANDLER_ROLES), Scope::Holder);
/// Agency and national admins, on an account of their agency (the national admin: any).
pub const ACCOUNT_HOLDERS: Access = Access::new(
    Who::Roles(&[Role::NationalAdmin, Role::AgencyAdmin]),
    Scope::Hidden,
);
/// A signed-in account, on a public report (votes and comments).
pub const SIGNED_IN_PUBLIC_REPORT: Access = Access::new(Who::Account, Scope::Public);
/// National admins and the reveal approver.
pub const REVEAL_READERS: Access = Access::new(Who::RevealReaders, Scope::None);
/// The reveal approver.
pub const REVEAL_APPROVER: Access = Access::new(Who::RevealApprover, Scope::None);
/// The national admin.
pub const NATIONAL: Access = Access::new(Who::Roles(&[Role::NationalAdmin]), Scope::None);

/// One route of the table.
#[derive(Debug, Clone)]
pub struct PageRoute {
    /// Its method.
    pub method: Method,
    /// Its path, as the router matches it (`/kantor/laporan/{id}`).
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
}

/// Page routes being built: the router and the table, added to together.
#[derive(Default)]
pub struct Pages {
    router: Router<AppState>,
    table: Vec<PageRoute>,
}

impl Pages {
    /// No routes yet.
    pub fn new() -> Pages {
        Pages::default()
    }

    /// `GET path`, for `access`.
    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::GET, path, access, handler)
    }

    /// `POST path`, for `access`.
    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::POST, path, access, handler)
    }

    fn method<H, T>(self, method: Method, path: &'static str, access: Access, handler: H) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.routed(path, &[(method, access)], on(filter, handler))
    }

    /// `path` served by `route` (a method router with its own layers, such as a larger body
    /// limit), each of its methods with its access.
    pub fn routed(
        mut self,
        path: &'static str,
        methods: &[(Method, Access)],
        route: MethodRouter<AppState>,
    ) -> Pages {
        self.router = self.router.route(path, route);
        for (method, access) in methods {
            self.table.push(PageRoute {
                method: method.clone(),
                path,
                access: *access,
            });
        }
        self
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Pages) -> Pages {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// The table.
    pub fn table(&self) -> &[PageRoute] {
        &self.table
    }

    /// The router, behind the table's gate; and the table.
    pub fn into_parts(self, state: AppState) -> (Router<AppState>, Vec<PageRoute>) {
        let gate: gate::Table = self
            .table
            .iter()
            .map(|r| ((r.method.clone(), r.path.to_owned()), r.access))
            .collect();
        let router = self
            .router
            .route_layer(axum::middleware::from_fn_with_state(
                (state, Arc::new(gate)),
                gate::check,
            ));
        (router, self.table)
    }
}
