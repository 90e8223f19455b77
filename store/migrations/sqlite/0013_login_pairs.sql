-- Sign-in limits count the failures of one account from one address, and
-- prune old failures by time.
CREATE INDEX login_failures_pair ON login_failures (email, addr, at);
CREATE INDEX login_failures_at ON login_failures (at);
