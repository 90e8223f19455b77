-- Sign-in limits count the failures of one account from one address, and
-- prune old failures by time.
CREATE INDEX login_failures_pair ON login_failures (email, addr, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- A relationship team member may share the ownership of the relationship
-- with the key account manager (a deputy or backup KAM).
ALTER TABLE partner_team ADD COLUMN co_owner BOOLEAN NOT NULL DEFAULT FALSE;
