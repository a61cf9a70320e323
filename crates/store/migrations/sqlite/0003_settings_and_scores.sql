-- Per-account settings (the interview date, ...), as text keyed by name.
CREATE TABLE settings (
    owner_id INTEGER NOT NULL REFERENCES users (id),
    key      TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (owner_id, key)
);

-- The critic's score of each story's current revision, cached by whoever scores it; `score_rev` says
-- which revision it belongs to, so a score left by an older revision is never shown as current.
ALTER TABLE stories ADD COLUMN score INTEGER;
ALTER TABLE stories ADD COLUMN score_rev INTEGER;
