-- What suppliers see of sourcing (events and their parts, documents,
-- clarifications, bids, negotiations, agreements, notifications) gets
-- random IDs from now on (store/publicid.go), which say nothing of order:
-- lists go by time, then ID.
DROP INDEX notifications_user;
CREATE INDEX notifications_user ON notifications (user_id, created_at, id);
DROP INDEX event_clarifications_event;
CREATE INDEX event_clarifications_event ON event_clarifications (event_id, created_at, id);
