-- The reporter's explicit choice about confidentiality, kept after intake: NULL when they left
-- it to the category's default (and for reports filed before this migration), FALSE when they
-- explicitly made the report public, TRUE when they made it confidential. A sensitive category
-- chosen later by staff makes a report confidential unless this is FALSE.

ALTER TABLE reports ADD COLUMN confidential_choice BOOLEAN;
