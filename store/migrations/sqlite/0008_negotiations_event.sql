-- The negotiations opened from an event's bids, which its award waits for.
CREATE INDEX negotiations_event ON negotiations (event_id, status) WHERE event_id IS NOT NULL;
