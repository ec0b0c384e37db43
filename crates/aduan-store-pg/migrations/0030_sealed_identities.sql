-- Identities at rest (issue 20). A reporter's name, e-mail, phone, NIK and chat handle are
-- sealed together with the deployment's current key (`sealed`, under the key `key_id`), and
-- the e-mail, phone and chat handle are found by their keyed blind index (`*_ix`) instead of
-- their text. The plain columns stay only for rows written before this migration, which the
-- service seals on its first start (`aduan keys rotate` does the same on demand); after that
-- they are always NULL.
ALTER TABLE reporters ADD COLUMN key_id TEXT;
ALTER TABLE reporters ADD COLUMN sealed TEXT;
ALTER TABLE reporters ADD COLUMN email_ix TEXT;
ALTER TABLE reporters ADD COLUMN phone_ix TEXT;
ALTER TABLE reporters ADD COLUMN chat_ix TEXT;
DROP INDEX reporters_email_idx;
DROP INDEX reporters_phone_idx;
DROP INDEX reporters_chat_idx;
CREATE INDEX reporters_email_ix_idx ON reporters (email_ix) WHERE email_ix IS NOT NULL;
CREATE INDEX reporters_phone_ix_idx ON reporters (phone_ix) WHERE phone_ix IS NOT NULL;
CREATE INDEX reporters_chat_ix_idx ON reporters (chat_ix) WHERE chat_ix IS NOT NULL;
-- Rows still to seal with the current key: plain ones and those of an older key.
CREATE INDEX reporters_key_idx ON reporters (key_id);
-- Accounts the same way: name, e-mail, phone and NIK sealed together (`sealed`, bound to the
-- account's id); the `email` and `phone` columns hold their blind index under the sealing
-- key instead of the text (so logins stay unique and are looked up as before), `name` is
-- empty and `nik` NULL. Rows from before are sealed on first start.
ALTER TABLE users ADD COLUMN key_id TEXT;
ALTER TABLE users ADD COLUMN sealed TEXT;
