# E-mail intake (`aduan ingest-email`): texts put into reports and replies that arrive by
# e-mail.

# Stands in for the reporter's name, e-mail address, phone number or NIK in a reply by e-mail,
# before an agency reads it (written between square brackets: [identity removed]).
mail-in-identity-removed = identity removed
# The text of a reply or report when the e-mail holds only attachments.
mail-in-files-only = (The reporter sent attachments without text.)
# Added at the end of an e-mail's text that was too long and was cut.
mail-in-text-cut = (text cut: the e-mail was too long)
