second-factor-title = Two-step verification
second-factor-lead = Once on, every login asks for the 6-digit code of an authenticator app (such as FreeOTP, Aegis or Google Authenticator) besides the password. National admins and approvers need it to request or approve the reveal of an anonymous reporter's identity.
second-factor-begin = Turn on two-step verification
second-factor-scan = Scan this QR code with an authenticator app
second-factor-or-type = Or type this key into the app:
second-factor-confirm-label = The app's 6-digit code
second-factor-confirm = Confirm and turn on
second-factor-wrong = The code is wrong or already used. Wait for the next code and try again.
second-factor-codes-title = Recovery codes
second-factor-codes-once = Keep these codes somewhere safe. Each works once, to log in if your phone is lost. They are shown only now.
second-factor-on = Two-step verification is on.
second-factor-codes-left = { $count ->
    [one] { $count } recovery code left.
   *[other] { $count } recovery codes left.
}
second-factor-relogin = This session began without a code. Log out and in again with a code to request or approve a reveal.
second-factor-renew-label = Current code (to make new recovery codes)
second-factor-renew = Make new recovery codes
second-factor-remove-label = Current code (to turn it off)
second-factor-remove = Turn two-step verification off
second-factor-nav = Two-step verification
