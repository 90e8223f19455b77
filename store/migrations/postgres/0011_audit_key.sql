-- The audit chain is signed with a key the database does not hold; key_id
-- names that key (an HMAC of a fixed text under it), '' while the chain is
-- not keyed yet.
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
