# SMS to the short code (through Kannel): answers to incoming SMS and outgoing notices.
# Every text must fit one GSM-7 SMS (160 characters): no long dashes, curly quotes or emoji.

sms-received = We received your report. Report number: {$id}. Access code: {$code} (keep it private). Status: CHECK {$id}. Anonymous: ANONYMOUS <text>
sms-received-anonymous = We received your anonymous report. Report number: {$id}. Access code: {$code} (keep it private). Agencies will not see your number.
sms-received-again = We already received your report, number {$id}. Status: send CHECK {$id}
sms-status = Report {$id}: {$status}.
sms-status-updated = Updated {$date}.
sms-status-due = Next deadline {$date}.
sms-not-found = Report {$id} was not found. Please check the report number.
sms-not-yours = Your number is not the one on report {$id}, so we cannot act on this message.
sms-reply-empty = Write your reply after the report number: REPLY {$id} <your reply>
sms-reply-sent = Your reply to report {$id} has been passed on. Thank you.
sms-reply-not-now = Report {$id} is {$status}, so it cannot be answered yet.
sms-withdrawn = You have withdrawn report {$id}.
sms-withdraw-not-now = Report {$id} cannot be withdrawn because it is {$status}.
sms-rated-resolved = Thank you. Your rating {$stars}/5 for report {$id} is recorded: resolved. If it is not: UNRESOLVED {$id} <1-5>
sms-rated-unresolved = Thank you. Your rating {$stars}/5 for report {$id} is recorded: not resolved. To reopen it: REOPEN {$id} <reason>
sms-confirmed = Thank you, you have confirmed the completion of report {$id}. To rate it: CONFIRM {$id} <1-5>
sms-reopened = Report {$id} has been reopened and sent back to the agency to follow up.
sms-appealed = We received your appeal on report {$id}. It will be verified again.
sms-escalated = Report {$id} is now with the Ombudsman of Indonesia for oversight. Status: CHECK {$id}
sms-action-not-now = Report {$id} is {$status}, so this request cannot be taken.
sms-window-closed = The time to { $action ->
    [appeal] appeal
   *[other] reopen
} report {$id} has ended.
sms-already-used = { $action ->
    [appeal] Report {$id} has been appealed before; an appeal can be made only once.
    [escalate] Report {$id} is already with the Ombudsman of Indonesia.
   *[other] Report {$id} has been reopened before; it can be reopened only once.
}
sms-ombudsman-not-due = Report {$id} has not missed its completion deadline, so it cannot go to the Ombudsman yet. Deadline: CHECK {$id}
sms-bad-rating = The rating must be a number from 1 to 5, for example: {$word} {$id} 4
sms-reason-missing = Write your reason after the report number: {$word} {$id} <reason>
sms-needs-id = Write the report number after {$word}, for example: { $form ->
    [rating] {$word} <number> <1-5>
    [reason] {$word} <number> <reason>
   *[other] {$word} <number>
}
sms-help = Send a report in one SMS; anonymous: ANONYMOUS <text>. Command + report number: CHECK, REPLY <text>, CANCEL, CONFIRM/UNRESOLVED <1-5>, REOPEN, APPEAL, OMBUDSMAN
sms-rate-limited = Too many SMS from your number. Please try again in {$minutes} minutes.
sms-too-long = Your message is too long. Please shorten your report and send it again.
sms-not-filed = Sorry, we could not take your report. Please try again later.

sms-out-report_received = We have received your report. Report number: {$id}. Access code: {$code} (keep it private). Status: send CHECK {$id}
sms-out-access_code = Access code for report {$id}: {$code}. Do not share this code with anyone.
sms-out-access_recovery = New access code for report {$id}: {$code}. The old code no longer works.
sms-out-password_reset = Reset your Aduan password at {$link} Ignore this SMS if you did not ask for it.
sms-out-report_dispatched = Report {$id} has been verified and sent to the agency in charge.
sms-out-report_postponed = Report {$id} is on hold because some information is missing. Status: send CHECK {$id}
sms-out-report_archived = Report {$id} has been archived. Status: send CHECK {$id}. To appeal: APPEAL {$id} <reason>
sms-out-report_deleted = Report {$id} has been deleted. Status: send CHECK {$id}
sms-out-follow_up_posted = The agency has followed up report {$id}. Reply: REPLY {$id} <text>
sms-out-report_completed = The agency marked report {$id} as completed. Resolved: CONFIRM {$id} <1-5>. Not: UNRESOLVED {$id} <1-5> or REOPEN {$id} <reason>
sms-out-report_auto_closed = Report {$id} was closed automatically because there was no reply. Rate: CONFIRM {$id} <1-5>. Not resolved: REOPEN {$id} <reason>
sms-out-ombudsman_update = The Ombudsman has news about report {$id}. Status: send CHECK {$id}
sms-out-identity_revealed = Your identity on report {$id} has been revealed to staff with the approval of two officials. Reason: {$reason}
sms-out-reveal_requested = A request to reveal the reporter's identity on report {$id} awaits your decision in the Aduan back office.
sms-out-reply_received = The reporter replied to report {$id}.
sms-out-report_escalated = Report {$id} has been escalated because a deadline passed.
sms-out-deadline_reminder = Reminder: the deadline for report {$id} is {$due}.
sms-out-report_assigned = Report {$id} has been dispatched to you. Its deadlines have started.
sms-out-information_requested = The Ombudsman asks for information on report {$id}.
sms-out-generic = There is news about report {$id}. Status: send CHECK {$id}
sms-data = Your data on report {$id}: name {$name}, e-mail {$email}, phone {$phone}, NIK {$nik}. Send ERASE {$id} YES to erase your identity from this report; the report is still handled.
sms-data-empty = (none)
sms-data-none = Your identity on report {$id} has been erased; we no longer hold your name, e-mail, phone or NIK.
sms-erased = Your identity on report {$id} has been erased. The report is still handled without your name, and we no longer send news of it to this number.
sms-erase-confirm = Send ERASE {$id} YES to erase your name, e-mail, number and NIK from report {$id}. This cannot be undone, and we can no longer send news of this report to your number.
sms-erase-account = Report {$id} is linked to your account: erase your identity from your account page on the website.
sms-out-account_confirm = Activate your Aduan account at {$link} (valid 24 hours, once). Ignore this SMS if you did not register.
sms-out-account_exists = This number already has an Aduan account; no new account was created. Forgot the password? Open {$link}
