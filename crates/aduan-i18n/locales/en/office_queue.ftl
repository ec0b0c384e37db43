# Back office: work queues per role, filters and bulk actions.
office-queue-title = Work queue
office-queue-tabs-label = Queue sections
office-queue-tab-verifikasi = Awaiting verification
office-queue-tab-ditunda = Postponed
office-queue-tab-eskalasi = Escalated
office-queue-tab-dipegang = In hand
office-queue-tab-terlambat = Past the deadline
office-queue-tab-terbuka = All open
office-queue-tab-semua = All reports
office-queue-lead-verifikasi = Reports awaiting verification, including appealed ones and those an agency sent back for rerouting. Most urgent first.
office-queue-lead-ditunda = Reports waiting for the reporter's information. The verification clock is paused until the reporter adds it.
office-queue-lead-eskalasi = Escalated reports not yet completed. Most urgent first.
office-queue-lead-dipegang = Reports in hand and not yet completed. Most urgent first.
office-queue-lead-terlambat = Reports in hand that are past a deadline.
office-queue-lead-terbuka = Every dispatched report not yet completed. Most urgent first.
office-queue-lead-semua = Every report you may see, newest first.
office-queue-empty = No reports in this queue.
office-queue-pager-label = Queue pages
office-queue-reporter = Reporter: { $name }
office-queue-submitted = Received { $when }
office-queue-phase-verification = Verification
office-queue-phase-first_follow_up = First follow-up
office-queue-phase-completion = Completion
office-queue-left = { $days ->
    [one] 1 working day left
   *[other] { $days } working days left
}
office-queue-late = { $days ->
    [one] 1 working day late
   *[other] { $days } working days late
}
office-queue-today = due today
office-queue-paused = paused, waiting for the reporter
office-queue-mark-rerouted = Rerouted
office-queue-mark-appealed = Appeal
office-queue-mark-confidential = Confidential
office-queue-mark-junk-no-words = Possibly empty: no words
office-queue-mark-junk-test-or-greeting = Possibly empty: only a test or a greeting
office-queue-mark-junk-one-word = Possibly empty: one word
office-queue-mark-junk-repeated = Possibly empty: repetition
office-queue-mark-escalated = Escalated: { $level }
office-queue-filter-title = Filter the queue
office-queue-filter-any = Any
office-queue-filter-status = Status
office-queue-filter-kind = Kind
office-queue-filter-category = Category
office-queue-filter-category-hint = A topic includes its sub-topics.
office-queue-filter-channel = Channel
office-queue-filter-region = Region
office-queue-filter-region-hint = A province includes its regencies and cities.
office-queue-filter-agency = Agency handling it
office-queue-filter-requested = Agency the reporter asked for
office-queue-filter-from = Received from
office-queue-filter-to = Received until
office-queue-filter-apply = Apply
office-queue-filter-clear = Clear filters
office-bulk-title = Bulk actions
office-bulk-hint = Tick reports above, choose one action and run it. Each report is handled on its own, under the same rules as a single action.
office-bulk-select-all = Select all on this page
office-bulk-pick = Select report { $id }
office-bulk-spam = Archive as spam
office-bulk-duplicate = Archive as duplicates of another report
office-bulk-duplicate-of = Tracking id of the original report (for duplicates)
office-bulk-dispatch = Verify and dispatch to one agency
office-bulk-agency = Target agency (for dispatch)
office-bulk-agency-choose = Choose an agency
office-bulk-class = Handling class (for complaints)
office-bulk-class-hint = Supervisory complaints go to the agency's inspectorate where it has one.
office-bulk-class-ordinary = Ordinary complaint
office-bulk-class-supervisory = Supervisory complaint
office-bulk-run = Run
office-bulk-result-title = Bulk action result
office-bulk-done-spam = { $count ->
    [one] 1 report archived as spam.
   *[other] { $count } reports archived as spam.
}
office-bulk-done-duplicate = { $count ->
    [one] 1 report archived as a duplicate.
   *[other] { $count } reports archived as duplicates.
}
office-bulk-done-dispatch = { $count ->
    [one] 1 report verified and dispatched.
   *[other] { $count } reports verified and dispatched.
}
office-bulk-succeeded = Succeeded
office-bulk-failed = { $count ->
    [one] 1 report failed
   *[other] { $count } reports failed
}
office-bulk-back = Back to the queue
office-bulk-none-selected = No report selected. Tick at least one report.
office-bulk-too-many = Too many reports selected at once. Choose at most 100.
office-bulk-action-missing = Choose the action to run.
office-bulk-duplicate-of-missing = Enter the tracking id of the original report to archive as duplicates.
office-bulk-agency-missing = Choose the target agency to dispatch to.
office-bulk-why-not-found = the report was not found or is outside your remit.
office-bulk-why-forbidden = you may not take this action on this report.
office-bulk-why-status = the report's status does not allow this action.
office-bulk-why-conflict = someone else has just changed the report; reload and try again.
office-bulk-why-class = a handling class is required for complaints.
office-bulk-why-reason = the reason is not valid (for example, the original is this very report).
office-bulk-why-agency = the target agency is not known.
office-bulk-why-duplicate-of = the original report's tracking id is not valid.
office-queue-filter-q = Words
office-queue-filter-q-hint = In the title, chronology, follow-ups, place and the internal notes you may read; the queue keeps its order.
office-queue-no-terms = The words are too common to search for. Try more specific ones.
