-- Timeline, commitments and cadence.
CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    status      TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    ends_at     TEXT,
    subject     TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    sentiment   INTEGER,
    location    TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX interactions_partner ON interactions (partner_id, occurred_at, id);
CREATE INDEX interactions_touch ON interactions (partner_id, status, kind, level, occurred_at);

CREATE TABLE interaction_users (
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (interaction_id, user_id)
);
CREATE TABLE interaction_contacts (
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
);

CREATE TABLE commitments (
    id               INTEGER PRIMARY KEY,
    partner_id       INTEGER NOT NULL REFERENCES partners (id),
    title            TEXT NOT NULL,
    side             TEXT NOT NULL,
    owner_user_id    INTEGER REFERENCES users (id),
    owner_contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL,
    done_on          TEXT,
    interaction_id   INTEGER REFERENCES interactions (id),
    source           TEXT NOT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX commitments_partner ON commitments (partner_id, due_on, id);
CREATE INDEX commitments_status ON commitments (status, due_on, partner_id);
CREATE INDEX commitments_owner ON commitments (owner_user_id, status, due_on);
CREATE INDEX commitments_interaction ON commitments (interaction_id);

CREATE TABLE cadence_policies (
    segment        TEXT PRIMARY KEY,
    any_days       INTEGER,
    visit_days     INTEGER,
    executive_days INTEGER,
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     TEXT NOT NULL
);
INSERT INTO cadence_policies (segment, any_days, visit_days, executive_days, updated_at) VALUES
    ('strategic', 14, 90, 365, '2026-01-01T00:00:00.000000Z'),
    ('leverage', 30, 180, NULL, '2026-01-01T00:00:00.000000Z'),
    ('bottleneck', 30, 120, NULL, '2026-01-01T00:00:00.000000Z'),
    ('routine', 90, NULL, NULL, '2026-01-01T00:00:00.000000Z');

-- A partner may override its segment's cadence; the last done touch of each
-- kind is kept on the partner so that cadence over every partner is one scan.
ALTER TABLE partners ADD COLUMN cadence_override INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partners ADD COLUMN any_days INTEGER;
ALTER TABLE partners ADD COLUMN visit_days INTEGER;
ALTER TABLE partners ADD COLUMN executive_days INTEGER;
ALTER TABLE partners ADD COLUMN last_touch_at TEXT;
ALTER TABLE partners ADD COLUMN last_visit_at TEXT;
ALTER TABLE partners ADD COLUMN last_executive_at TEXT;
-- When each required touch falls due (NULL: no requirement), kept current by
-- the store so that the attention list reads the most overdue partners of
-- each segment from an index instead of scoring every partner.
ALTER TABLE partners ADD COLUMN due_any_on TEXT;
ALTER TABLE partners ADD COLUMN due_visit_on TEXT;
ALTER TABLE partners ADD COLUMN due_executive_on TEXT;
CREATE INDEX partners_due_any ON partners (segment, due_any_on, status);
CREATE INDEX partners_due_visit ON partners (segment, due_visit_on, status);
CREATE INDEX partners_due_executive ON partners (segment, due_executive_on, status);
CREATE INDEX partners_owner_due_any ON partners (owner_id, segment, due_any_on, status);
CREATE INDEX partners_owner_due_visit ON partners (owner_id, segment, due_visit_on, status);
CREATE INDEX partners_owner_due_executive ON partners (owner_id, segment, due_executive_on, status);
CREATE INDEX partners_no_owner ON partners (segment, status) WHERE owner_id IS NULL;

-- Private calendar feeds, one secret per user, stored hashed.
CREATE TABLE calendar_tokens (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
CREATE INDEX interaction_users_user ON interaction_users (user_id, interaction_id);
CREATE INDEX interactions_created_by ON interactions (created_by, occurred_at);
