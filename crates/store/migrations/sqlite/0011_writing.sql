-- Writing-assessment practice: a timed narrative on a prompt (from the pack or the candidate's own
-- text). The text keeps every revision (a save within a short window of the latest replaces it in
-- place, so typing does not write hundreds), each with the word count the app counted; the
-- attempt's word count is its latest revision's. The clock is the seconds spent, which never go
-- down. The report is JSON the app writes, once finished. Revisions go when their attempt goes.
CREATE TABLE writings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    prompt_id       TEXT CHECK (length(prompt_id) BETWEEN 1 AND 100), -- NULL: the candidate's own
    title           TEXT    NOT NULL CHECK (length(title) <= 200),
    prompt_text     TEXT    NOT NULL CHECK (length(prompt_text) <= 4000),
    minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600), -- the time allowed
    elapsed_seconds INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0),
    report          TEXT CHECK (length(report) <= 200000),      -- JSON, once finished
    overall         INTEGER CHECK (overall BETWEEN 0 AND 100),  -- the report's score
    created_at      INTEGER NOT NULL, -- unix milliseconds
    updated_at      INTEGER NOT NULL, -- the last change of any kind
    finished_at     INTEGER           -- the first finish
);
CREATE INDEX writings_by_owner ON writings (owner_id, id);

CREATE TABLE writing_revisions (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    writing_id INTEGER NOT NULL REFERENCES writings (id) ON DELETE CASCADE,
    rev        INTEGER NOT NULL CHECK (rev >= 1), -- 1, 2, 3 ...
    body       TEXT    NOT NULL CHECK (length(body) <= 200000),
    words      INTEGER NOT NULL CHECK (words >= 0), -- as the app counted them
    saved_at   INTEGER NOT NULL, -- when this revision was (last) written
    PRIMARY KEY (writing_id, rev)
);
CREATE INDEX writing_revisions_by_owner ON writing_revisions (owner_id, writing_id);
