-- The gifts and hospitality register and the company's gift policy.
CREATE TABLE gifts (
    id             INTEGER PRIMARY KEY,
    partner_id     INTEGER NOT NULL REFERENCES partners (id),
    direction      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    description    TEXT NOT NULL,
    amount         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    base_amount    TEXT,
    base_currency  TEXT,
    occurred_on    TEXT NOT NULL,
    status         TEXT NOT NULL,
    declared_by    INTEGER REFERENCES users (id),
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    decision_note  TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX gifts_partner ON gifts (partner_id, occurred_on, id);
CREATE INDEX gifts_status ON gifts (status, occurred_on, id);
CREATE INDEX gifts_pending ON gifts (status, partner_id);
CREATE INDEX gifts_occurred ON gifts (occurred_on, id);

CREATE TABLE gift_people (
    gift_id INTEGER NOT NULL REFERENCES gifts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (gift_id, user_id)
);
CREATE TABLE gift_contacts (
    gift_id    INTEGER NOT NULL REFERENCES gifts (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (gift_id, contact_id)
);

-- One row: thresholds in the base currency, rates as a JSON object of
-- decimal strings, {"USD": "25400"}: units of base currency per unit.
CREATE TABLE gift_policy (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    base_currency    TEXT NOT NULL,
    item_threshold   TEXT NOT NULL,
    yearly_threshold TEXT NOT NULL,
    rates            TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TEXT NOT NULL
);
INSERT INTO gift_policy (id, base_currency, item_threshold, yearly_threshold, rates, updated_at) VALUES
    (1, 'VND', '500000', '2000000', '{"EUR":"27500","JPY":"170","USD":"25400"}', '2026-01-01T00:00:00.000000Z');
