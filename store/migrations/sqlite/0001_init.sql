-- Users, partners, contacts, sessions, audit, idempotency.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    partner_id    INTEGER REFERENCES partners (id),
    locale        TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX users_partner ON users (partner_id);

CREATE TABLE partners (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    legal_name     TEXT NOT NULL DEFAULT '',
    tax_code       TEXT,
    country        TEXT NOT NULL,
    roles          INTEGER NOT NULL,
    segment        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    owner_id       INTEGER REFERENCES users (id),
    sponsor_id     INTEGER REFERENCES users (id),
    website        TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    spend_amount   TEXT,
    spend_currency TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    sort_key       TEXT NOT NULL,
    search_text    TEXT NOT NULL,
    sort_pos       INTEGER, -- place in name order; the full-text rowid
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX partners_tax_code ON partners (tax_code) WHERE tax_code IS NOT NULL;
CREATE INDEX partners_sort ON partners (sort_key, id);
CREATE UNIQUE INDEX partners_sort_pos ON partners (sort_pos);
CREATE INDEX partners_updated ON partners (updated_at, id);
CREATE INDEX partners_segment ON partners (segment, sort_key, id);
CREATE INDEX partners_status ON partners (status, sort_key, id);
CREATE INDEX partners_owner ON partners (owner_id, sort_key, id);

-- Full-text index over the folded search text. Its rowid is the partner's
-- sort_pos, so matches come out in name order and a page of a search stops
-- after its last row, however many partners match.
CREATE VIRTUAL TABLE partner_fts USING fts5 (search_text, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6');

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    name       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_partner ON contacts (partner_id);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    addr  TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_addr ON login_failures (addr, at);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER,
    user_name TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_user ON audit_log (user_id, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
