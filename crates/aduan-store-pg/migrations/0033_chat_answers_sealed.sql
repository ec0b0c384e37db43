-- Chat answers (issue 20). A conversation's answers are now written sealed (`chat_private`: the
-- text in `secret`, wiped when sent), since the summary before sending and the reporter's
-- data name them. Answers written plain by earlier versions (`chat_text`) lose their text once
-- sent (the statement that marks a message sent wipes it); those already sent or dead lose it
-- here.
UPDATE outbox SET payload = '{}' WHERE template = 'chat_text' AND state <> 'pending';
