-- PostgreSQL twin of migrations/sqlite/0003_settings_and_scores.sql.
-- Per-account settings (the interview date, ...), as text keyed by name.
CREATE TABLE settings (
    owner_id bigint NOT NULL REFERENCES users (id),
    key      text   NOT NULL,
    value    text   NOT NULL,
    PRIMARY KEY (owner_id, key)
);

-- The critic's score of each story's current revision; `score_rev` says which revision it belongs to.
ALTER TABLE stories ADD COLUMN score bigint;
ALTER TABLE stories ADD COLUMN score_rev bigint;
