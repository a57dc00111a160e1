-- Personal data encrypted at rest (issue 10, item 6; SC 五（四）). tickets.caller_name/caller_phone,
-- outbox.recipient and the caller fields of 'merged-in' events keep their columns but hold sealed
-- values (`v1:<keyId>:<base64>`, src/server/privacy/cipher.ts), written by the application. Rows from
-- before this migration are sealed by the server at start-up and by `open12345 migrate`
-- (src/server/privacy/backfill.ts): the keys live outside the database, so SQL cannot do it.

-- The blind index of the normalised phone (keyed HMAC): caller history and "same caller" find a
-- phone by equality here, never by the phone itself.
ALTER TABLE tickets ADD COLUMN caller_phone_idx text;
CREATE INDEX tickets_caller_phone_idx ON tickets (caller_phone_idx, created_at DESC) WHERE caller_phone_idx IS NOT NULL;
-- an index over ciphertext finds nothing
DROP INDEX tickets_caller_phone;

-- Repeat detection compares the same blind index; the column held the phone's digits.
ALTER TABLE ticket_fingerprints RENAME COLUMN caller_phone TO caller_phone_idx;
