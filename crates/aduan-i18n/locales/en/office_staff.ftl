# Back office: staff administration, own sessions, and each agency's overview.
staff-nav = Staff
staff-title = Staff
staff-lead-national = You manage every staff account: national admins, agency admins, unit officers and supervisors.
staff-lead-agency = You manage the unit officers of your agency. Other agency admins of your agency are shown read-only.
staff-filter-agency = Agency
staff-filter-all = All agencies
staff-filter-apply = Show
staff-filter-hint = Without an agency chosen, the list shows national admins, agency admins and supervisors. Choose an agency to see its unit officers too.
staff-empty = No staff accounts here yet.
staff-disabled = Disabled
staff-active = Active
staff-none = — choose —
staff-role-national_admin = National admin
staff-role-agency_admin = Agency admin
staff-role-unit_officer = Unit officer
staff-role-supervisor = Supervisor
staff-role-citizen = Citizen
staff-body-ombudsman = Ombudsman of the Republic of Indonesia
staff-body-ksp = Executive Office of the President
staff-body-kemendagri = Ministry of Home Affairs
staff-new-title = New staff account
staff-new-lead = A new account gets a temporary password that is shown to you once. Hand it to its owner in person.
staff-field-name = Full name
staff-field-email = E-mail
staff-field-phone = Mobile number
staff-field-contact-hint = (e-mail and/or mobile number to log in with)
staff-field-role = Role
staff-field-agency = Agency
staff-field-agency-hint = (for agency admins and unit officers)
staff-field-unit = Unit
staff-field-unit-hint = (for unit officers)
staff-field-body = Oversight body
staff-field-body-hint = (for supervisors)
staff-units-choose-agency = Choose an agency in the list above and show it, so that its units can be chosen.
staff-create = Create account
staff-error-name = Write the full name (at most 120 characters).
staff-error-email = This e-mail address is not valid.
staff-error-phone = This mobile number is not valid.
staff-error-contact = Give an e-mail address or a mobile number.
staff-error-taken = This e-mail address or mobile number already belongs to another account.
staff-error-role = Choose a role.
staff-error-agency = Choose an agency from the directory.
staff-error-unit = Choose a unit of that agency.
staff-error-body = Choose an oversight body.
staff-created-title = Account created
staff-reset-title = Password reset
staff-reset-sessions-ended = Every session of this account has been ended.
staff-login = Logs in with
staff-temporary-password = Temporary password
staff-password-once = This password is shown only once and is not stored in readable form. Write it down or hand it over now.
staff-password-change-hint = Ask the account's owner to change it through "Forgot password" after logging in for the first time.
staff-open-account = Open the account
staff-back-to-list = Back to the staff list
staff-scope = Scope
staff-state = State
staff-created-at = Created
staff-ok-disabled = The account is disabled and all its sessions have ended.
staff-ok-enabled = The account is enabled again.
staff-ok-scope = The account's role and scope have changed.
staff-access-title = Access
staff-disable = Disable account
staff-enable = Enable account
staff-disable-hint = A disabled account cannot log in, and all its sessions end at once.
staff-reset = Reset password
staff-reset-hint = Makes a new temporary password and ends every session of this account.
staff-scope-title = Role and scope
staff-scope-save = Save role and scope
staff-read-only = You can see this account but not change it.
staff-server-only = Accounts that may ask for or approve a reveal of a reporter's identity are made and changed only on the server, with the aduan user command.
sessions-nav = My sessions
sessions-title = My sessions
sessions-lead = The devices and apps logged in with your account. End any session you do not recognise.
sessions-current = This session (the device you are using)
sessions-other = Session { $handle }
sessions-created = logged in { $when }
sessions-expires = ends { $when }
sessions-end = End session
sessions-end-others = End all other sessions
sessions-ended = { $count ->
    [0] No session was ended.
    [one] One session was ended.
   *[other] { $count } sessions were ended.
}
overview-nav = Overview
overview-title = Agency overview
overview-title-of = Overview of { $agency }
overview-choose = Agency
overview-choose-none = — choose an agency —
overview-show = Show
overview-pick-hint = Choose an agency to see its overview.
overview-open = { $count ->
    [0] No open reports
    [one] One open report
   *[other] { $count } open reports
}
overview-by-age = By age
overview-age-hint = Working days since the report was sent, counted in the agency's time zone.
overview-age-range = { $from }–{ $to } working days
overview-age-over = more than { $days } working days
overview-by-phase = By phase
overview-phase-verification = Verification
overview-phase-awaiting_reporter = Waiting for the reporter to add information
overview-phase-first_follow_up = Waiting for the first follow-up
overview-phase-completion = Towards completion
overview-breaches = { $count ->
    [0] No deadline missed
    [one] One report past its deadline
   *[other] { $count } reports past their deadline
}
overview-breaches-none = Every open report is still within its time limit.
overview-breaches-more = { $count ->
    [one] One more report is past its deadline.
   *[other] { $count } more reports are past their deadline.
}
overview-to-queue = Open the queue
overview-feedback = Latest confirmations and ratings by reporters
overview-feedback-none = No reporter has confirmed or rated yet.
overview-stars = rated { $stars } of 5
overview-resolved = problem resolved
overview-unresolved = problem not resolved
overview-no-rating = no rating
overview-sla = Keeping time limits
overview-sla-hint = The same figures as the public SLA statistics.
overview-sla-api = Raw data (JSON)
overview-sla-none = No phase can be counted yet.
overview-sla-phase = Phase
overview-sla-decided = Counted
overview-sla-within = On time
overview-sla-missed = Late
overview-sla-open-past-due = Still open and late
overview-sla-auto-closed-before-due = Auto-closed before the limit (not judged)
overview-sla-confirmed = Confirmed by the reporter
overview-sla-agency-closed = Closed by the agency
overview-sla-auto-closed = Auto-closed
overview-sla-compliance = Compliance
overview-sla-median = Median
overview-sla-p90 = 90th percentile
overview-sla-verification = Verification
overview-sla-first_follow_up = First follow-up
overview-sla-completion = Completion
overview-percent = { $value }%
overview-days = { $days ->
    [one] one working day
   *[other] { $days } working days
}
overview-none = —
