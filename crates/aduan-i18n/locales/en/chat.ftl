# Conversations through Telegram, WhatsApp and X (direct messages): answers to incoming
# messages and notices of a report's progress. The commands are those of SMS.

chat-menu = Welcome to the Aduan complaint service.
    Type REPORT to make a new report.
    CHECK <number>: a report's status. CHECK alone: your reports.
    REPLY <number> <text>: answer the agency.
    CONFIRM/UNRESOLVED <number> <1-5>, REOPEN <number> <reason>, APPEAL <number> <reason>, OMBUDSMAN <number>, CANCEL <number>.
    MY DATA <number>: your data on a report. ERASE <number>: erase your identity from a report.
    BAHASA: ganti ke Bahasa Indonesia.
chat-language-set = Fine, we will go on in English.
chat-ask-title = New report. Write a short title for your report (at most 150 characters).
    Type CANCEL at any time to stop.
chat-title-too-long = The title is too long ({$length} characters). Write at most 150 characters.
chat-ask-body = Tell us what happened: what, where, when, and who was involved.
chat-body-too-long = The text is too long ({$length} characters, at most 10,000). Shorten it and send it again.
chat-ask-media = Send photos or documents as evidence if you have any (at most {$max}). Type SKIP if you have none, or DONE once everything is sent.
chat-media-added = Attachment {$count} received. Send another, or type DONE.
chat-media-full = That makes {$max} attachments; we do not keep any more. Type DONE to go on.
chat-ask-location = Where did it happen? Share a location from your app or write the place and its address. Type SKIP if you would rather not say.
chat-ask-identity = Send this report with your name, or anonymously?
    1 = with my name (the agency sees your name and your {$network} account)
    2 = anonymous (the agency never learns who you are or your {$network} account)
chat-ask-identity-again = Answer 1 for with your name, or 2 for anonymous.
chat-ask-name = Write your full name.
chat-summary = Check your report:
    Title: {$title}
    Text: {$body}
    Attachments: {$media}
    Location: {$location}
    Identity: { $anonymous ->
        [yes] anonymous
       *[no] {$name}
    }
    Type SEND to send it, or CANCEL to stop.
chat-summary-none = (none)
chat-ask-confirm = Type SEND to send the report, or CANCEL to stop.
chat-draft-cancelled = The report you were writing is cancelled. Type REPORT to start again.
chat-draft-lapsed = We cancelled the report you were writing because there was no answer for {$minutes} minutes. Type REPORT to start again.
chat-unsupported = Sorry, we cannot use this kind of message ({$kind}) yet. Send text, photos, documents or a location.
chat-not-now = We do not need this message now. {$next}
chat-filed = We received your report. Report number: {$id}.
    Access code: {$code} (keep it secret; it opens the report on the website).
    We will tell you of its progress here. Status: CHECK {$id}
chat-filed-anonymous = We received your anonymous report. Report number: {$id}.
    Access code: {$code} (keep it secret).
    The agency never learns who you are or your account. We will tell you of its progress here. Status: CHECK {$id}
chat-filed-again = We already have your report, number {$id}. Status: CHECK {$id}
chat-filed-photo = The photo above is the copy the agency sees: its location and camera data are removed.
chat-media-lost = We could not fetch {$count} attachments from {$network}; send them again on the website with your access code.
chat-not-filed = Sorry, we could not take your report: {$reason}. Type SEND to try again.
chat-not-filed-later = Sorry, we cannot take your report right now. Type SEND to try again later.
chat-public-filed = Thank you, your complaint is recorded as {$id}. Follow it here: {$link}
chat-not-yours = Report {$id} was not sent from this account, so we cannot act on this message.
chat-my-reports = Your reports:
chat-my-reports-none = No reports from this account yet. Type REPORT to make one.
chat-rate-limited = Too many messages from your account. Please send again in {$minutes} minutes.

chat-out-report_dispatched = Report {$id} was verified and sent on to {$agency}.
chat-out-report_postponed = Report {$id} is on hold because some information is missing. Status: CHECK {$id}
chat-out-report_archived = Report {$id} was archived. To appeal: APPEAL {$id} <reason>
chat-out-report_deleted = Report {$id} was deleted. Status: CHECK {$id}
chat-out-follow_up_posted = {$agency} followed up on report {$id}:
    {$text}
    Answer by replying to this message, or: REPLY {$id} <text>
chat-out-report_completed = {$agency} says report {$id} is resolved.
    Satisfied: CONFIRM {$id} <1-5>. Not resolved: UNRESOLVED {$id} <1-5> or REOPEN {$id} <reason>
chat-out-report_auto_closed = Report {$id} was closed because nobody answered. Rate it: CONFIRM {$id} <1-5>. Not resolved: REOPEN {$id} <reason>
chat-out-ombudsman_update = There is news from the Ombudsman about report {$id}. Status: CHECK {$id}
chat-out-identity_revealed = Your identity on report {$id} has been revealed to staff with the approval of two officials. Reason: {$text}
chat-out-generic = There is news about report {$id}: {$status}. Status: CHECK {$id}
chat-out-agency-unknown = The agency
chat-data = Your data on report {$id}: name {$name}, e-mail {$email}, phone {$phone}, NIK {$nik}. Send ERASE {$id} YES to erase your identity from this report; the report is still handled.
chat-erase-confirm = Send ERASE {$id} YES to erase your name, e-mail, number, NIK and this chat account from report {$id}. This cannot be undone, and we will no longer be able to send this report's news here.
chat-erased = Your identity on report {$id} is erased. The report is still handled without your name, and we no longer send its news to this account.
chat-answer-gone = Sorry, our answer to your message could not be sent. Please send your message again.
