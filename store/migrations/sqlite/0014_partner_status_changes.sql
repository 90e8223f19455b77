-- Each move of a partner along its life cycle (prospect, onboarding,
-- active, suspended, offboarded): from where, to where, why, by whom, when.
CREATE TABLE partner_status_changes (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    changed_by  INTEGER REFERENCES users (id),
    changed_at  TEXT NOT NULL
);
CREATE INDEX partner_status_changes_partner ON partner_status_changes (partner_id, changed_at, id);
