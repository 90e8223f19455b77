-- Two-person opening: the committee named on the draft and fixed at
-- publish; when and by whom a user's password was last set by someone
-- else, which keeps that user from opening sealed bids for a while.
CREATE TABLE event_committee (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

ALTER TABLE users ADD COLUMN password_reset_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN password_reset_by BIGINT REFERENCES users (id);
