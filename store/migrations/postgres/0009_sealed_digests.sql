-- Sealed bids keep keyed digests. Each bid revision, and each file a
-- supplier attaches to its bid, gets a random 32-byte salt (hex); its
-- digest is HMAC-SHA256 keyed with that salt, so that the digest in the
-- audit log cannot be tried against guessed prices or files. The salt is
-- shown to the buying side only once the bids are opened. Rows written
-- before keep a NULL salt and their plain SHA-256: the audit records that
-- hold it are chained and cannot be rewritten.
ALTER TABLE bid_revisions ADD COLUMN salt TEXT;
ALTER TABLE documents ADD COLUMN salt TEXT;
