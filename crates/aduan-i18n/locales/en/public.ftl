# The public side: the public feed, the agency directory, categories and statistics.
public-feed-title = Public reports
public-feed-lead = Reports that have been verified and dispatched to an agency, except confidential ones. A reporter's name appears only if the reporter chose to show it.
public-search-label = Search reports
public-search-hint = Words of the title, chronology, follow-ups or place; Indonesian short forms such as "jln" or "tdk" are understood.
public-search-button = Search
public-search-no-terms = The words searched for are too common. Try more specific ones, such as "jalan rusak" or "sampah".
public-search-found = { $count ->
    [one] { $count } public report found.
   *[other] { $count } public reports found.
}
public-search-found-partial = { $count ->
    [one] At least { $count } public report matches; only the newest { $count } are ranked and counted. Add words or filters to narrow the search.
   *[other] At least { $count } public reports match; only the newest { $count } are ranked and counted. Add words or filters to narrow the search.
}
public-feed-empty = No public reports match yet.
public-filter-title = Filter reports
public-filter-status = Status
public-filter-any = Any
public-filter-kind = Type of report
public-filter-agency = Agency dispatched to
public-filter-region = Region
public-filter-region-hint = Choose a province, apply, then one of its regencies or cities if you need to.
public-filter-category = Category
public-filter-category-hint = Choose a topic, apply, then one of its subtopics if you need to.
public-filter-channel = Channel
public-filter-from = Sent on or after
public-filter-to = Sent on or before
public-filter-apply = Apply
public-filter-clear = Clear filters
public-pager-label = Report pages
public-dispatched-to = Dispatched to
public-handled-by = Handled by
public-reporter = Reporter
public-auto-close = Closes automatically in { $days ->
    [one] { $days } working day
   *[other] { $days } working days
} unless the reporter responds.
public-latest = Latest public reports
public-see-all = See all its reports
public-figure-none = None yet
public-more-title = See also
public-nav-categories = Report categories
public-nav-stats = Agencies' deadline record
public-agency-kind-kementerian = Ministry
public-agency-kind-lembaga = Agency
public-agency-kind-provinsi = Provincial government
public-agency-kind-kabupaten = Regency government
public-agency-kind-kota = City government
public-agency-kind-other = Other (state companies, universities, embassies)
public-agencies-title = Agency directory
public-agencies-lead = Every agency that can receive reports, with its record of answering on time.
public-agencies-search = Search agencies
public-agencies-search-hint = Name or abbreviation, for example "kab tang" or "kemenkes".
public-agencies-kind = Kind of agency
public-agencies-count = { $count ->
    [one] { $count } agency
   *[other] { $count } agencies
}
public-agencies-empty = No agency matches.
public-agency-not-connected = not connected yet
public-agency-kind = Kind
public-agency-parent = Under
public-agency-region = Region code
public-agency-zone = Time zone of its deadlines
public-zone-wib = WIB (Western Indonesia Time, UTC+7)
public-zone-wita = WITA (Central Indonesia Time, UTC+8)
public-zone-wit = WIT (Eastern Indonesia Time, UTC+9)
public-agency-connected = Connected to Aduan
public-agency-connected-yes = Yes, this agency receives reports directly
public-agency-connected-no = Not yet; the national admin forwards its reports
public-agency-integrated = its own complaint application is linked
public-agency-clocks = Deadlines kept and missed
public-agency-clocks-lead = Counted in working days over all reports. A phase still running past its deadline counts as missed.
public-agency-clocks-none = No phase has finished or passed its deadline yet.
public-phase-verification = Verification (limit 3 working days)
public-phase-first_follow_up = First follow-up (limit 5 working days)
public-phase-completion = Completion
public-figure-decided = Phases that can be judged
public-figure-within = On time
public-figure-missed = Missed
public-figure-open-past-due = { $count } still running past the deadline
public-figure-median = Median
public-figure-auto-closed-before-due = Auto-closed before the deadline without the agency completing (counted neither on time nor missed)
public-figure-auto-closed-before-due-count = { $count ->
    [one] { $count } auto-closed before the deadline without the agency completing
   *[other] { $count } auto-closed before the deadline without the agency completing
}
public-figure-completions = Completions by kind
public-figure-confirmed = { $count } confirmed by the reporter
public-figure-agency-closed = { $count } closed by the agency
public-figure-auto-closed = { $count } auto-closed
public-figure-p90 = 9 in 10 finished within
public-percent = { $value }%
public-working-days = { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}
public-categories-title = Report categories
public-categories-lead = The topics and subtopics reporters can choose. Open a category to see its public reports.
public-categories-empty = No categories yet.
public-sensitive = Sensitive
public-sensitive-explained = Topics marked "Sensitive" (sexual violence, for example) are confidential by default: their reports are not shown to the public unless the reporter chooses to make them public.
public-category-parent = Parent topic
public-category-is-topic = None; this is a main topic
public-category-active = Can be chosen
public-category-active-yes = Yes
public-category-active-no = No longer
public-category-from = from { $date }
public-category-until = until { $date }
public-category-sensitive = This topic is sensitive. Its reports are confidential by default: they are not in the public feed and are seen only by the reporter, the agency handling them, the national admin and the oversight bodies. Only the reporter can choose to make one public.
public-category-children = Subtopics
public-stats-title = Agencies' deadline record
public-stats-lead = Agencies ranked by the share of reports completed within the legal limit (in working days). Reports still running past the limit count as missed. Reports auto-closed without the agency completing count as missed when closed after the limit, and are listed apart when closed before it.
public-stats-empty = No report has been completed or passed its completion deadline yet.
public-stats-share-of = { $share } on time
public-stats-counts = { $within } of { $decided } reports
public-stats-thresholds = Grades in the manner of the Ministry of Home Affairs' evaluation: Baik (good) from { $good }% of completions on time, Sedang (fair) from { $fair }%, Kurang (poor) below; a grade is given once at least { $min } completions can be judged.
public-grade-baik = Baik (good)
public-grade-sedang = Sedang (fair)
public-grade-kurang = Kurang (poor)
public-grade-none = Not graded yet
public-grade-good-legend = Good (≥ { $good }%)
public-grade-fair-legend = Fair (≥ { $fair }%)
public-grade-poor-legend = Poor (< { $fair }%)
public-stats-filter-kind = Kind of agency
public-stats-filter-province = Province (its regional governments)
public-stats-table-caption = Agencies ranked by completion within the limit
public-stats-col-agency = Agency
public-stats-col-grade = Grade
public-stats-col-completion = Completed on time
public-stats-col-first = First follow-up on time
public-stats-col-reroutes = Sent back (not its authority)
public-stats-col-rating = Reporters' rating (1–5)
public-stats-col-backlog = Still open
public-stats-col-value = Category
public-stats-col-reports = Reports
public-stats-chart-title = Completed on time, top 15 agencies
public-stats-chart-desc = Bar chart; the same figures are in the table below it.
public-stats-map-title = Map of the provinces
public-stats-map-desc = One square per province (not real boundaries), coloured by the share of completions on time of all regional governments in that province.
public-stats-map-no-data = No data yet
public-stats-volumes-title = What is reported, and where
public-stats-volumes-lead = Every report received except deleted ones; confidential reports are only counted. Counts below the minimum are not shown, so that no reporter can be recognised.
public-stats-by-topic = By topic
public-stats-by-province = By province
public-stats-by-channel = By channel
public-stats-by-kind = By kind of report
public-stats-by-month = By month
public-stats-withheld = < { $min }
public-stats-none = No category
public-monthly-national = National
public-monthly-title = Monthly report, { $whose } — { $month }
public-monthly-as-of = Counted { $when } from Aduan's data
public-monthly-received = Reports received
public-monthly-dispatched = Reports dispatched to the agency
public-monthly-open-now = Still open now
public-monthly-older-90 = Open for more than 90 days
public-monthly-older-365 = Open for more than a year
public-monthly-col-phase = Phase
public-monthly-col-share = Share on time
public-monthly-col-id = Number
public-monthly-col-title = Title
public-monthly-col-status = Status
public-monthly-col-age = Age
public-monthly-col-month = Month
public-monthly-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
public-monthly-phases = Time limits: phases started this month
public-monthly-no-phases = No phase started this month can be judged yet.
public-monthly-oldest = The oldest open public reports
public-monthly-none-open = No public report is still open.
public-monthly-download = Download PDF
public-monthly-footer = Source: Aduan. Open data under the CC BY 4.0 licence; counts below the minimum are not shown.

# Report groups (recurring problems)
public-group-kicker = A group of reports about the same problem
public-group-agency = Agency handling it
public-group-members = Public reports in the group
public-group-answer = The agency's answer
public-group-no-answer = The agency has not answered this group yet.
public-group-rule = Reports about the same problem in the same place are answered once by the agency handling them; the answer becomes a follow-up on every report in the group. Confidential reports are not shown.
public-group-reports = Reports in the group
