-- Sourcing: events (RFI/RFQ/RFP) with lines, questions, criteria,
-- documents and invitations; sealed bids with their revisions; scores;
-- awards and agreed prices; negotiations in rounds; notifications.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL,
    opens_at           TEXT,
    closes_at          TEXT NOT NULL,
    sealed             INTEGER NOT NULL DEFAULT 1,
    two_person         INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL,
    created_by         INTEGER REFERENCES users (id),
    copied_from        INTEGER REFERENCES events (id),
    published_at       TEXT,
    closed_at          TEXT,
    unsealed_at        TEXT,
    cancelled_at       TEXT,
    cancel_reason      TEXT NOT NULL DEFAULT '',
    awarded_at         TEXT,
    search             TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX events_created ON events (created_at, id);
CREATE INDEX events_status ON events (status, created_at, id);
CREATE INDEX events_due ON events (status, closes_at);

CREATE TABLE event_lines (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    item            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    quantity        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    baseline_amount TEXT,
    target_amount   TEXT
);
CREATE INDEX event_lines_event ON event_lines (event_id, position);

CREATE TABLE event_questions (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    choices  TEXT NOT NULL DEFAULT '[]',
    required INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_questions_event ON event_questions (event_id, position);

CREATE TABLE event_criteria (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    weight   INTEGER NOT NULL
);
CREATE INDEX event_criteria_event ON event_criteria (event_id, position);

CREATE TABLE event_evaluators (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (event_id, user_id)
);

-- Who opened a sealed event's bids, and when.
CREATE TABLE event_openings (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    opened_at TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

CREATE TABLE event_clarifications (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX event_clarifications_event ON event_clarifications (event_id, id);

-- Files: an event's documents (partner_id NULL) and bids' attachments.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    partner_id   INTEGER REFERENCES partners (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX documents_event ON documents (event_id, partner_id, id);

CREATE TABLE invitations (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    invited_by INTEGER REFERENCES users (id),
    invited_at TEXT NOT NULL,
    outcome    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, partner_id)
);
CREATE INDEX invitations_partner ON invitations (partner_id, event_id);

-- One live bid per supplier per event, its line prices as text (a row per
-- line: line id, unit price in the event's currency, lead time, quoted note,
-- tab-separated); bid_revisions keeps every submitted revision as JSON.
CREATE TABLE bids (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    revision     INTEGER NOT NULL,
    status       TEXT NOT NULL,
    lines        TEXT NOT NULL DEFAULT '',
    answers      TEXT NOT NULL DEFAULT '[]',
    comments     TEXT NOT NULL DEFAULT '',
    valid_until  TEXT,
    total        TEXT NOT NULL DEFAULT '0',
    submitted_by INTEGER REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    UNIQUE (event_id, partner_id)
);

CREATE TABLE bid_revisions (
    bid_id       INTEGER NOT NULL REFERENCES bids (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    status       TEXT NOT NULL,
    document     TEXT NOT NULL,
    digest       TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (bid_id, revision)
);

CREATE TABLE scores (
    bid_id       INTEGER NOT NULL REFERENCES bids (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES event_criteria (id) ON DELETE CASCADE,
    evaluator_id INTEGER NOT NULL REFERENCES users (id),
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (bid_id, criterion_id, evaluator_id)
);
CREATE INDEX scores_event ON scores (event_id);

CREATE TABLE awards (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    line_id  INTEGER NOT NULL REFERENCES event_lines (id),
    bid_id   INTEGER NOT NULL REFERENCES bids (id),
    quantity TEXT NOT NULL,
    PRIMARY KEY (event_id, line_id, bid_id)
);

CREATE TABLE negotiations (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    title       TEXT NOT NULL,
    currency    TEXT NOT NULL,
    event_id    INTEGER REFERENCES events (id),
    status      TEXT NOT NULL,
    valid_from  TEXT,
    valid_to    TEXT,
    outcome     TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id),
    closed_at   TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX negotiations_created ON negotiations (created_at, id);
CREATE INDEX negotiations_partner ON negotiations (partner_id, created_at, id);

CREATE TABLE negotiation_lines (
    id              INTEGER PRIMARY KEY,
    negotiation_id  INTEGER NOT NULL REFERENCES negotiations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    item            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    quantity        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    baseline_amount TEXT,
    agreement_id    INTEGER,
    event_line_id   INTEGER REFERENCES event_lines (id)
);
CREATE INDEX negotiation_lines_negotiation ON negotiation_lines (negotiation_id, position);

CREATE TABLE negotiation_rounds (
    id             INTEGER PRIMARY KEY,
    negotiation_id INTEGER NOT NULL REFERENCES negotiations (id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    side           TEXT NOT NULL,
    terms          TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL,
    UNIQUE (negotiation_id, number)
);

CREATE TABLE round_lines (
    round_id       INTEGER NOT NULL REFERENCES negotiation_rounds (id) ON DELETE CASCADE,
    line_id        INTEGER NOT NULL REFERENCES negotiation_lines (id) ON DELETE CASCADE,
    unit_amount    TEXT NOT NULL,
    lead_time_days INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, line_id)
);

-- Agreed prices with the saving against the baseline; base_rate is the
-- rate to the base currency used for base_saving (NULL: no rate).
CREATE TABLE agreements (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER NOT NULL REFERENCES partners (id),
    item            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL,
    quantity        TEXT NOT NULL,
    unit_amount     TEXT NOT NULL,
    currency        TEXT NOT NULL,
    baseline_amount TEXT,
    saving_amount   TEXT,
    base_currency   TEXT,
    base_rate       TEXT,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT,
    event_id        INTEGER REFERENCES events (id),
    line_id         INTEGER REFERENCES event_lines (id),
    negotiation_id  INTEGER REFERENCES negotiations (id),
    buyer_id        INTEGER REFERENCES users (id),
    status          TEXT NOT NULL,
    made_on         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX agreements_partner ON agreements (partner_id, created_at, id);
CREATE INDEX agreements_created ON agreements (created_at, id);
CREATE INDEX agreements_event ON agreements (event_id);
CREATE INDEX agreements_made ON agreements (made_on);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    event_id   INTEGER REFERENCES events (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
