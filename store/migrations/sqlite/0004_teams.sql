-- Relationship teams: our people on a partner beside the KAM and the sponsor.
CREATE TABLE partner_team (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (partner_id, user_id)
);
CREATE INDEX partner_team_user ON partner_team (user_id);
