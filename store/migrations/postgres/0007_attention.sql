-- The attention list for one key account manager counts commitments and
-- gifts of that KAM's partners only: each row's owner is read from this
-- narrow index instead of from the partner's row.
CREATE INDEX partners_id_owner ON partners (id, owner_id);
