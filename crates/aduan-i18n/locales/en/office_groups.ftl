# Report groups: recurring problems answered once (docs/domain.md, "Recurring problems").
office-groups-title = Report groups
office-groups-hint = Reports about the same problem in the same place can be grouped and answered once. The group's answer becomes a follow-up on every member report.
office-groups-empty = No report groups yet.
office-group-id = Number
office-group-id-is = Group number: { $id }
office-group-name = Title
office-group-agency = Agency
office-group-members = Members
office-group-answered = Answered
office-group-answer = The group's answer
office-group-no-answer = Not answered yet
office-group-report = Report
office-group-status = Status
office-group-unlink = Take out of the group
office-group-link-label = Add a report (tracking id)
office-group-link = Add
office-group-answer-title = Answer every report in the group
office-group-answer-hint = The answer is sent as a follow-up on each member report, one by one, under the report lifecycle's rules. Reports that refuse it are listed with the reason.
office-group-answer-label = Answer
office-group-answer-send = Send the answer to every member
office-group-answered-count = { $count ->
    [one] The answer was given on 1 report.
   *[other] The answer was given on { $count } reports.
}
office-group-refused-count = { $count ->
    [one] 1 report refused the answer
   *[other] { $count } reports refused the answer
}
office-group-public-page = Public page
office-group-agency-mismatch = That report is not handled by this group's agency. A group holds reports of one agency only.
office-group-already-grouped = That report is already in another group.
office-group-not-held = That report has not been dispatched to any agency yet.
office-group-title-required = Give the group a title (at most 200 characters) and choose at least one report.
office-group-back = Back to the report
review-similar-title = Similar reports
review-similar-none = No similar reports in the same kabupaten/kota.
review-similar-hint = Reports in the same kabupaten/kota with similar words. Tick the ones about the same problem to group them.
review-similar-choose = Choose
review-similar-score = Similarity
review-similar-group = Group
review-in-group = This report is in the group
review-group-title-label = Group title
review-group-create = Group the chosen reports
office-group-already-count = { $count ->
    [one] 1 report already carries this answer; it was not sent twice.
   *[other] { $count } reports already carry this answer; it was not sent twice.
}
office-group-unseen-count = { $count ->
    [one] 1 report in the group is not visible to you and was left alone.
   *[other] { $count } reports in the group are not visible to you and were left alone.
}
review-group-title-hint = The group's title shows on its public page: no names, numbers or words of a confidential report.
