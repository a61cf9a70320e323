-- Mock interviews. The setup (plan, questions, probes, seed) and the debrief are JSON the practice
-- engine writes and reads; the store keeps them whole. Every answer is its own row, saved the moment
-- it is given, so a mock killed at any point resumes at the next unanswered prompt.
CREATE TABLE mocks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id      INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT    NOT NULL, -- phone-screen | loop | custom
    format        TEXT    NOT NULL,
    setup         TEXT    NOT NULL, -- JSON
    draft         TEXT    NOT NULL DEFAULT '', -- the answer being typed, not yet submitted
    draft_seconds INTEGER NOT NULL DEFAULT 0,  -- seconds spent on the current prompt so far
    debrief       TEXT,             -- JSON, once finished
    decision      TEXT CHECK (decision IN ('hire', 'no-hire')),
    created_at    INTEGER NOT NULL, -- unix milliseconds
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX mocks_by_owner ON mocks (owner_id, id);

CREATE TABLE mock_answers (
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    mock_id     INTEGER NOT NULL REFERENCES mocks (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 0), -- 0, 1, 2 ... in the order given
    interview   INTEGER NOT NULL,
    question    INTEGER NOT NULL,
    follow_up   INTEGER,          -- set for answers to follow-ups
    question_id TEXT    NOT NULL,
    prompt      TEXT    NOT NULL, -- what was asked
    answer      TEXT    NOT NULL,
    seconds     INTEGER NOT NULL CHECK (seconds >= 0),
    story_id    INTEGER,          -- the story told, if known (no foreign key: stories can be purged)
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (mock_id, seq)
);
CREATE INDEX mock_answers_by_question ON mock_answers (owner_id, created_at);

-- The debrief's ratings, one row per interviewer and principle, for trends across mocks.
CREATE TABLE mock_ratings (
    owner_id  INTEGER NOT NULL REFERENCES users (id),
    mock_id   INTEGER NOT NULL REFERENCES mocks (id) ON DELETE CASCADE,
    interview INTEGER NOT NULL,
    principle TEXT    NOT NULL,
    rating    TEXT    NOT NULL CHECK (rating IN ('strong-no-hire', 'no-hire', 'hire', 'strong-hire')),
    PRIMARY KEY (mock_id, interview, principle)
);
CREATE INDEX mock_ratings_by_owner ON mock_ratings (owner_id, principle);
