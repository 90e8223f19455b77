-- Two-person opening: the committee named on the draft and fixed at
-- publish; when and by whom a user's password was last set by someone
-- else, which keeps that user from opening sealed bids for a while.
CREATE TABLE event_committee (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

ALTER TABLE users ADD COLUMN password_reset_at TEXT;
ALTER TABLE users ADD COLUMN password_reset_by INTEGER REFERENCES users (id);
