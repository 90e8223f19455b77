-- Imports of many rows (a CSV file of 100,000 partners) are written in
-- short transactions, so that other writers are never held for long, and
-- stay all or nothing: every row carries the ID of its import, and readers
-- see it only once the import is done (see store/import.go). An import that
-- failed, or whose process died (its heartbeat stopped), is removed again.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,             -- partners, contacts
    state        TEXT NOT NULL,             -- running, done, failed, removed
    user_id      INTEGER REFERENCES users (id),
    total        INTEGER NOT NULL,          -- rows checked, to be written
    written      INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    finished_at  TEXT,
    error        TEXT NOT NULL DEFAULT ''
);
-- Readers exclude the rows of unfinished imports, a handful at most.
CREATE INDEX imports_unfinished ON imports (state, id) WHERE state <> 'done';

ALTER TABLE partners ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE contacts ADD COLUMN import_id INTEGER REFERENCES imports (id);
CREATE INDEX partners_import ON partners (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX contacts_import ON contacts (import_id) WHERE import_id IS NOT NULL;
